/** Percentiles, a printed table and the JSON file every benchmark writes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { format } from '../../scripts/lib/bench-summary.mjs';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

/** Nearest-rank percentile of a sample (p in 0..100). */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * What a sample counts: milliseconds, Firestore document reads or writes (per action), bytes,
 * or operations per second.
 */
export type Unit = 'ms' | 'reads' | 'writes' | 'bytes' | 'per s';

/**
 * The baselines every run measures first (bench/baseline.bench.ts), on the same emulators:
 *   write-listener  a bare Firestore write seen by another client's listener (messages, rings,
 *                   presence stand on it)
 *   transaction     a bare read-then-write transaction on one document (unlocks stand on it)
 */
export type BaselineId = 'write-listener' | 'transaction';

export interface Metric {
	metric: string;
	workload: string;
	unit: Unit;
	samples: number[];
	/** A bound the product promises for this metric, when there is one. */
	target?: number;
	/** Set on the baseline metrics themselves. */
	id?: BaselineId;
	/** The baseline this metric is compared with in the summary (p50 ÷ baseline p50). */
	baseline?: BaselineId;
}

export function summarize(m: Metric) {
	return {
		metric: m.metric,
		workload: m.workload,
		unit: m.unit,
		n: m.samples.length,
		p50: percentile(m.samples, 50),
		p95: percentile(m.samples, 95),
		p99: percentile(m.samples, 99),
		max: Math.max(...m.samples),
		target: m.target ?? null,
		id: m.id ?? null,
		baseline: m.baseline ?? null,
		samples: m.samples
	};
}

/** Prints a table of the metrics and writes bench/results/<name>.json. */
export function report(name: string, metrics: Metric[], extra: Record<string, unknown> = {}) {
	const rows = metrics.map(summarize);
	const head = ['metric', 'workload', 'n', 'p50', 'p95', 'p99', 'max', 'target'];
	const cells = rows.map((r) => [
		r.metric,
		r.workload,
		String(r.n),
		...[r.p50, r.p95, r.p99, r.max].map((v) => format(v, r.unit)),
		r.target === null ? '' : `≤ ${format(r.target, r.unit)}`
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
	const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ');
	console.log(`\n${name}\n${line(head)}\n${cells.map(line).join('\n')}\n`);
	mkdirSync(RESULTS, { recursive: true });
	const file = `${RESULTS}${name}.json`;
	const machine = {
		cpus: cpus().length,
		cpuModel: cpus()[0]?.model ?? '',
		memoryGiB: Math.round(totalmem() / 2 ** 30)
	};
	writeFileSync(
		file,
		JSON.stringify(
			{ name, measuredAt: new Date().toISOString(), machine, ...extra, metrics: rows },
			null,
			2
		) + '\n'
	);
	console.log(`Wrote ${file}`);
	return rows;
}
