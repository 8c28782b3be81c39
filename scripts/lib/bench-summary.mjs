// The one table `npm run bench` ends with: every metric the run measured (read back from
// bench/results/*.json, only files written since the run started), with p50, p95, p99 and the
// ratio of its p50 to the same run's baseline. Also written to bench/results/summary.json and,
// as a Markdown table for the README, bench/results/summary.md.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A figure with its unit, rounded for a person to read (also the benchmarks' own tables, through
 * bench/lib/report.ts).
 * @param {number | null | undefined} value
 * @param {string} unit
 */
export function format(value, unit) {
	if (value === null || value === undefined || !Number.isFinite(value)) return '–';
	switch (unit) {
		case 'ms':
			return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
		case 'bytes':
			return value >= 1024 ? `${(value / 1024).toFixed(1)} KiB` : `${value} B`;
		case 'per s':
			return `${value.toFixed(1)}/s`;
		default:
			return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
	}
}

const BASELINE_NAMES = { 'write-listener': 'write→listener', transaction: 'transaction' };

/** Reads this run's results, prints the table, writes summary.json; returns the rows. */
export function summarize(resultsDir, since) {
	if (!existsSync(resultsDir)) return [];
	const files = readdirSync(resultsDir)
		.filter((f) => f.endsWith('.json') && f !== 'summary.json')
		.map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')))
		.filter((r) => Date.parse(r.measuredAt) >= since)
		// Baselines first, then the benchmarks by name.
		.sort((a, b) =>
			a.name === 'baseline' ? -1 : b.name === 'baseline' ? 1 : a.name.localeCompare(b.name)
		);
	const baselines = {};
	for (const file of files) for (const m of file.metrics) if (m.id) baselines[m.id] = m;
	const rows = files.flatMap((file) =>
		file.metrics.map((m) => {
			const base = m.baseline ? baselines[m.baseline] : undefined;
			return {
				benchmark: file.name,
				metric: m.metric,
				workload: m.workload,
				unit: m.unit,
				n: m.n,
				p50: m.p50,
				p95: m.p95,
				p99: m.p99,
				baseline: m.baseline ?? null,
				ratio: base ? m.p50 / base.p50 : null
			};
		})
	);
	const head = ['metric', 'workload', 'p50', 'p95', 'p99', '× baseline (p50)'];
	const cells = rows.map((r) => [
		r.metric,
		r.workload.length > 60 ? `${r.workload.slice(0, 59)}…` : r.workload,
		format(r.p50, r.unit),
		// One sample (a size, a rate) has no spread to show.
		r.n > 1 ? format(r.p95, r.unit) : '',
		r.n > 1 ? format(r.p99, r.unit) : '',
		r.ratio === null ? '' : `${r.ratio.toFixed(1)} × ${BASELINE_NAMES[r.baseline]}`
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
	const line = (c) =>
		c
			.map((v, i) => v.padEnd(widths[i]))
			.join('  ')
			.trimEnd();
	const rule = widths.map((w) => '─'.repeat(w)).join('  ');
	console.log(`\nParley benchmarks\n${line(head)}\n${rule}\n${cells.map(line).join('\n')}\n`);
	// The same table in Markdown, for the README's Performance section.
	const md = [
		`| ${head.join(' | ')} |`,
		`| ${head.map((_, i) => (i >= 2 ? '---:' : '---')).join(' | ')} |`,
		...cells.map((c) => `| ${c.map((v) => v.replace(/\|/g, '\\|')).join(' | ')} |`)
	].join('\n');
	writeFileSync(join(resultsDir, 'summary.md'), md + '\n');
	writeFileSync(
		join(resultsDir, 'summary.json'),
		JSON.stringify({ measuredAt: new Date().toISOString(), rows }, null, 2) + '\n'
	);
	return rows;
}
