/**
 * Fault: the database dies in the middle of an unlock storm.
 *
 * Many customers pay their operators' offers at once (agreeLock, the module the lockAgree callable
 * runs, several in flight, ten operators shared between them). When 40% have been acknowledged,
 * the Firestore emulator is exported (a backup) and at once killed with SIGKILL; a few seconds
 * later it is started again from that export, as a restore from backup would. Calls in flight
 * fail or are retried by the SDK against the restored database. Then every customer's client
 * retries its payment with the same idempotency key, twice at once.
 *
 * Checked: every payment acknowledged before the backup began is in the restored database; the
 * money invariants hold after the restore (no partial transfer: each payment is a whole
 * transfer with its three entries and its lock marked paid, or nothing) and after the retries;
 * every offer ends paid exactly once, each customer charged exactly its price.
 * FAULT_UNLOCKS (default 120) sets the number of payments. Results: bench/results/faults.json.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db as agreeDb } from '../../functions/lib/lib/admin.js';
import { agreeLock } from '../../functions/lib/money/lock-pay.js';
import { all, entrySum } from '../../tests/functions/admin-sdk';
import { expectMoneyInvariants } from '../../tests/functions/money-kit';
import { customerCaller, fund, readyLock } from '../lib/money';
import { FirestoreEmulator } from './firestore';

const N = Number(process.env.FAULT_UNLOCKS ?? 120);
const IN_FLIGHT = 8;
const PRICE = 1250;
const OPERATORS = 10;
const RESULTS = fileURLToPath(new URL('../results/faults.json', import.meta.url));

const emulator = new FirestoreEmulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.kill());

interface Job {
	customer: string;
	sessionId: string;
	lockId: string;
	key: string;
}

const pay = (job: Job) =>
	agreeLock(agreeDb(), customerCaller(job.customer), {
		sessionId: job.sessionId,
		lockId: job.lockId,
		key: job.key
	});

/** gRPC status names for the codes the Admin SDK's errors carry. */
const GRPC = [
	'OK',
	'CANCELLED',
	'UNKNOWN',
	'INVALID_ARGUMENT',
	'DEADLINE_EXCEEDED',
	'NOT_FOUND',
	'ALREADY_EXISTS',
	'PERMISSION_DENIED',
	'RESOURCE_EXHAUSTED',
	'FAILED_PRECONDITION',
	'ABORTED',
	'OUT_OF_RANGE',
	'UNIMPLEMENTED',
	'INTERNAL',
	'UNAVAILABLE'
];
const codeOf = (error: unknown) => {
	const code = (error as { code?: unknown }).code;
	if (typeof code === 'number') return GRPC[code] ?? String(code);
	return String(code ?? (error as Error).message ?? error).slice(0, 60);
};

it('an unlock storm survives the database being killed and restored from a backup', async () => {
	// A chat with a pending offer for every customer, each wallet funded for twice the price.
	const jobs: Job[] = await Promise.all(
		Array.from({ length: N }, async (_, i) => {
			const customer = `fault-customer-${i}`;
			await fund(customer, PRICE * 2, `fault-${i}`);
			const ready = await readyLock(customer, `fault-operator-${i % OPERATORS}`, PRICE);
			return { customer, ...ready, key: `fault-key-${i}` };
		})
	);

	// The storm, with the backup and the kill once 40% are acknowledged.
	const ackedAt = new Map<number, number>();
	const failures: Record<string, number> = {};
	let next = 0;
	let killed = false;
	let backupStartedAt = Infinity;
	const backup = mkdtempSync(join(tmpdir(), 'parley-fault-'));
	const storm = Promise.all(
		Array.from({ length: IN_FLIGHT }, async () => {
			while (!killed && next < jobs.length) {
				const i = next++;
				try {
					await pay(jobs[i]!);
					ackedAt.set(i, performance.now());
				} catch (error) {
					failures[codeOf(error)] = (failures[codeOf(error)] ?? 0) + 1;
				}
			}
		})
	);
	while (ackedAt.size < N * 0.4) await new Promise((resolve) => setTimeout(resolve, 2));
	backupStartedAt = performance.now();
	await emulator.exportTo(backup);
	const backupMs = performance.now() - backupStartedAt;
	killed = true;
	await emulator.kill();
	const killedAt = performance.now();
	const inFlightAtKill = next - ackedAt.size - Object.values(failures).reduce((a, b) => a + b, 0);
	await new Promise((resolve) => setTimeout(resolve, 3000));
	await emulator.start(backup);
	const restartMs = performance.now() - killedAt;
	await storm;

	// The restored database: every payment acknowledged before the backup began is there, and
	// nothing is half done.
	const ackedBeforeBackup = [...ackedAt].filter(([, t]) => t < backupStartedAt).map(([i]) => i);
	const paidAfterRestore = new Set(
		(await all('transfers')).filter((t) => t.kind === 'lockPayment').map((t) => t.lockId)
	);
	for (const i of ackedBeforeBackup) {
		expect(
			paidAfterRestore.has(jobs[i]!.lockId),
			`payment ${i} acknowledged before the backup`
		).toBe(true);
	}
	await expectMoneyInvariants();

	// Every client retries with its own key, twice at once: each offer is paid exactly once. (A
	// replayed key answers what its first call answered, so both calls agree on the transfer.)
	const paidBeforeRetries = (await all('transfers')).filter((t) => t.kind === 'lockPayment').length;
	for (let i = 0; i < jobs.length; i += IN_FLIGHT) {
		await Promise.all(
			jobs.slice(i, i + IN_FLIGHT).map(async (job) => {
				const [a, b] = await Promise.all([pay(job), pay(job)]);
				expect(a.transferId).toBe(b.transferId);
			})
		);
	}
	await expectMoneyInvariants();
	const payments = (await all('transfers')).filter((t) => t.kind === 'lockPayment');
	expect(payments).toHaveLength(N);
	for (const job of jobs) {
		expect(await entrySum(`wallet:${job.customer}`), `${job.customer} charged once`).toBe(PRICE);
	}

	const result = {
		name: 'faults',
		measuredAt: new Date().toISOString(),
		scenario: 'Firestore emulator killed (SIGKILL) mid unlock storm, restarted from a backup',
		unlocks: N,
		inFlight: IN_FLIGHT,
		operators: OPERATORS,
		acknowledgedBeforeBackup: ackedBeforeBackup.length,
		acknowledgedTotalDuringStorm: ackedAt.size,
		inFlightAtKill,
		failedDuringStorm: failures,
		backupMs: Math.round(backupMs),
		killToRestoredMs: Math.round(restartMs),
		// After the restore, including the calls in flight that the SDK retried against it.
		paidBeforeRetries,
		paidByRetries: N - paidBeforeRetries,
		// Reached only when every check above passed.
		checksPassed: [
			'every payment acknowledged before the backup is in the restored database',
			'money invariants after the restore',
			'money invariants after the retries',
			'every offer paid exactly once',
			'every customer charged exactly its price'
		]
	};
	mergeResult(result);
	console.log(JSON.stringify(result, null, 2));
}, 900_000);

/** bench/results/faults.json holds one entry per fault scenario. */
function mergeResult(result: { scenario: string }) {
	mkdirSync(join(RESULTS, '..'), { recursive: true });
	const previous = existsSync(RESULTS)
		? (JSON.parse(readFileSync(RESULTS, 'utf8')) as { scenarios: { scenario: string }[] })
		: { scenarios: [] };
	const scenarios = previous.scenarios.filter((s) => s.scenario !== result.scenario);
	writeFileSync(RESULTS, JSON.stringify({ scenarios: [...scenarios, result] }, null, 2) + '\n');
}
