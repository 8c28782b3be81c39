/**
 * Baselines, measured in every run on the same emulators as the product's figures, so a slow or
 * noisy machine shows up in both and the ratio in the summary stays meaningful:
 *   write → listener   a bare document write (Admin SDK) until a listener on that document sees
 *                      it: the path every message, ring and presence change travels
 *   transaction        a bare read-then-write transaction on one document (Admin SDK): the floor
 *                      every money transaction stands on
 * Neither touches the product's code or rules. BENCH_BASELINE_N (default 200) sets the samples.
 */
import { it } from 'vitest';
import { db } from '../functions/lib/lib/admin.js';
import { report, type Metric } from './lib/report';

const N = Number(process.env.BENCH_BASELINE_N ?? 200);
const WARM_UP = 20;

/** Writes `n` values to one document and times each until its listener reports it. */
async function writeToListener(n: number): Promise<number[]> {
	const ref = db().collection('benchBaseline').doc('listened');
	await ref.set({ n: -1 });
	const samples: number[] = [];
	let waiting: { n: number; started: number; done: () => void } | null = null;
	const stop = ref.onSnapshot((snap) => {
		if (waiting && snap.get('n') === waiting.n) {
			samples.push(performance.now() - waiting.started);
			waiting.done();
		}
	});
	try {
		for (let i = 0; i < n; i++) {
			await new Promise<void>((done) => {
				waiting = { n: i, started: performance.now(), done };
				void ref.set({ n: i });
			});
		}
	} finally {
		stop();
	}
	return samples;
}

async function transactions(n: number): Promise<number[]> {
	const ref = db().collection('benchBaseline').doc('transacted');
	const samples: number[] = [];
	for (let i = 0; i < n; i++) {
		const started = performance.now();
		await db().runTransaction(async (tx) => {
			const snap = await tx.get(ref);
			tx.set(ref, { n: ((snap.get('n') as number | undefined) ?? 0) + 1 });
		});
		samples.push(performance.now() - started);
	}
	return samples;
}

it('measures the baselines', async () => {
	await writeToListener(WARM_UP);
	await transactions(WARM_UP);
	const metrics: Metric[] = [
		{
			metric: 'baseline: write → listener',
			workload: 'one document, Admin SDK writer and listener, one at a time',
			unit: 'ms',
			id: 'write-listener',
			samples: await writeToListener(N)
		},
		{
			metric: 'baseline: 1-document transaction',
			workload: 'read then write one document, Admin SDK, one at a time',
			unit: 'ms',
			id: 'transaction',
			samples: await transactions(N)
		}
	];
	report('baseline', metrics);
}, 300_000);
