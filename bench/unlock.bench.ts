/**
 * Unlock benchmark: how long a customer waits for `lockAgree` (called over the callable protocol,
 * as the app calls it, through the Functions emulator) and how many unlocks per second go through,
 *   independent    every payment by another customer to another operator
 *   one operator   every payment to the same operator (and, as always, the platform)
 * one at a time and with several in flight, next to a bare transaction on one document (read,
 * then write) through the Admin SDK: the floor any money transaction stands on. The last workload
 * shows what a single hot balance document would cost: every transaction on the same document.
 *
 * Payee and platform money has no balance document (it is the sum of immutable entries), so "one
 * operator" should cost what "independent" costs. In-flight calls are kept at a few: the Functions
 * emulator serves each concurrent call from its own worker process, and two cores start only a few
 * at a time. BENCH_UNLOCK_N (default 60) sets the samples per workload.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, it } from 'vitest';
import { db } from '../functions/lib/lib/admin.js';
import { callFunction, createAccount, resetEmulators, type TestAccount } from '../tests/emulator';
import { fund, readyLock as readyLockFor } from './lib/money';
import { report, type Metric } from './lib/report';

const N = Number(process.env.BENCH_UNLOCK_N ?? 60);
const IN_FLIGHT = 4;
const PRICE = 1250;

let customers: TestAccount[] = [];

/** An active session with a pending lock, paid from a funded wallet: ready to unlock. */
async function readyLock(customer: TestAccount, operatorUid: string) {
	return { customer, ...(await readyLockFor(customer.uid, operatorUid, PRICE)) };
}

type Job = Awaited<ReturnType<typeof readyLock>>;

async function unlock(job: Job): Promise<number> {
	const started = performance.now();
	const r = await callFunction(
		'lockAgree',
		{ sessionId: job.sessionId, lockId: job.lockId, key: randomUUID() },
		job.customer.idToken
	);
	const ms = performance.now() - started;
	if (r.error) throw new Error(`lockAgree failed: ${JSON.stringify(r.error)}`);
	return ms;
}

/** Runs `jobs` with at most `inFlight` at once; returns each job's latency and the total time. */
async function runAll<T>(jobs: T[], inFlight: number, run: (job: T) => Promise<number>) {
	const samples: number[] = [];
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: inFlight }, async () => {
			while (next < jobs.length) {
				const job = jobs[next++]!;
				samples.push(await run(job));
			}
		})
	);
	return { samples, seconds: (performance.now() - started) / 1000 };
}

async function bareTransaction(path: string): Promise<number> {
	const started = performance.now();
	const ref = db().doc(path);
	await db().runTransaction(async (tx) => {
		const snap = await tx.get(ref);
		tx.set(ref, { n: ((snap.get('n') as number | undefined) ?? 0) + 1 });
	});
	return performance.now() - started;
}

beforeAll(async () => {
	await resetEmulators();
	customers = await Promise.all(
		Array.from({ length: 2 * N }, (_, i) => createAccount(`bench-customer-${i}@parley.test`))
	);
	await Promise.all(customers.map((c) => fund(c.uid, PRICE * 4)));
	// Start the callable's worker processes a couple at a time, and warm each one.
	for (let n = 2; n <= IN_FLIGHT; n += 2) {
		await Promise.all(Array.from({ length: n }, () => callFunction('lockAgree', null)));
	}
}, 300_000);

it('measures unlock latency and throughput', async () => {
	const metrics: Metric[] = [];
	const throughput: Record<string, number> = {};
	const record = (
		workload: string,
		inFlight: number,
		r: { samples: number[]; seconds: number }
	) => {
		metrics.push({
			metric: 'unlock (lockAgree call)',
			workload: `${workload}, ${inFlight} in flight`,
			unit: 'ms',
			baseline: 'transaction',
			samples: r.samples
		});
		throughput[`${workload}, ${inFlight} in flight`] = Number(
			(r.samples.length / r.seconds).toFixed(1)
		);
	};

	// Independent: customer i pays operator i.
	const independent = async (offset: number) =>
		Promise.all(
			customers.slice(offset, offset + N).map((c, i) => readyLock(c, `bench-op-${offset + i}`))
		);
	// One operator: every customer pays the same operator.
	const shared = async (offset: number) =>
		Promise.all(customers.slice(offset, offset + N).map((c) => readyLock(c, 'bench-op-shared')));

	// Not measured: a first round with calls in flight, so every worker process has served once.
	await runAll((await shared(N)).slice(0, 3 * IN_FLIGHT), IN_FLIGHT, unlock);

	record('independent', 1, await runAll(await independent(0), 1, unlock));
	record('one operator', 1, await runAll(await shared(N), 1, unlock));
	record('one operator', IN_FLIGHT, await runAll(await shared(N), IN_FLIGHT, unlock));
	record('independent', IN_FLIGHT, await runAll(await independent(0), IN_FLIGHT, unlock));

	const docs = Array.from({ length: N }, (_, i) => `benchBaseline/doc-${i}`);
	const bare = (workload: string, inFlight: number, r: { samples: number[]; seconds: number }) => {
		metrics.push({
			metric: 'bare 1-document transaction',
			workload: `${workload}, ${inFlight} in flight`,
			unit: 'ms',
			samples: r.samples
		});
		throughput[`bare: ${workload}, ${inFlight} in flight`] = Number(
			(r.samples.length / r.seconds).toFixed(1)
		);
	};
	bare('own document', 1, await runAll(docs, 1, bareTransaction));
	bare('own document', IN_FLIGHT, await runAll(docs, IN_FLIGHT, bareTransaction));
	bare(
		'one hot document',
		IN_FLIGHT,
		await runAll(
			docs.map(() => 'benchBaseline/hot'),
			IN_FLIGHT,
			bareTransaction
		)
	);

	for (const [workload, perSecond] of Object.entries(throughput)) {
		if (workload.startsWith('bare: ')) continue;
		metrics.push({ metric: 'unlock throughput', workload, unit: 'per s', samples: [perSecond] });
	}
	report('unlock', metrics, {
		unlocksPerSecond: throughput,
		notes:
			'Emulators on this machine; lockAgree through the Functions emulator over HTTP (one worker ' +
			'process per call in flight); bare transactions through the Admin SDK in the benchmark process.'
	});
	console.table(throughput);
}, 600_000);
