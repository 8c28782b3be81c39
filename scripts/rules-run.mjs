// Runs inside `firebase emulators:exec` for the rules tier: the rules tests, then (when the whole
// tier ran, not a filtered part of it) the coverage gate of scripts/lib/rules-coverage.mjs on the
// emulator's coverage reports, which each test file saves (tests/rules/setup.ts). Writes the
// gate's table to <reports>/rules-coverage.json.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCoverage, documentReadsPerAllow } from './lib/rules-coverage.mjs';
import { ROOT } from './lib/setup.mjs';

const MAX_DOCUMENT_READS = 3;
const [reports, ...vitestArgs] = process.argv.slice(2);
const filtered = (process.env.PARLEY_TEST_FILTERS ?? '').trim() !== '';

const coverageDir = join(reports, 'rules-coverage');
rmSync(coverageDir, { recursive: true, force: true });
const code = await new Promise((resolve) => {
	const child = spawn('npx', ['vitest', 'run', ...vitestArgs], {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, PARLEY_RULES_COVERAGE_DIR: coverageDir }
	});
	child.on('exit', (c) => resolve(c ?? 1));
});
if (code !== 0 || filtered) process.exit(code);

const coverages = readdirSync(coverageDir).map((f) =>
	JSON.parse(readFileSync(join(coverageDir, f), 'utf8'))
);
if (coverages.length === 0) {
	console.error('Rules coverage: no test file saved a coverage report.');
	process.exit(1);
}
const rules = readFileSync(join(ROOT, 'firestore.rules'), 'utf8');
const { rows, failing } = checkCoverage(rules, coverages);
const reads = documentReadsPerAllow(rules);
const tooManyReads = reads.filter((r) => r.documentReads > MAX_DOCUMENT_READS);
writeFileSync(
	join(reports, 'rules-coverage.json'),
	JSON.stringify(
		{
			allowConditions: rows.length,
			failing: failing.length,
			maxDocumentReadsPerAllow: Math.max(...reads.map((r) => r.documentReads)),
			rows: rows.map((r, i) => ({ ...r, documentReads: reads[i].documentReads }))
		},
		null,
		2
	) + '\n'
);
const maxReads = Math.max(...reads.map((r) => r.documentReads));
console.log(
	`\nRules coverage: ${rows.length - failing.length} of ${rows.length} allow conditions seen both ` +
		`true and false; at most ${maxReads} document read(s) per rule (bound ${MAX_DOCUMENT_READS}).`
);
for (const r of failing) {
	const missing = [r.seenTrue === 0 && 'true', r.seenFalse === 0 && 'false'].filter(Boolean);
	console.error(
		`  firestore.rules:${r.line} allow ${r.ops}: never ${missing.join(' nor ')}: ${r.condition}`
	);
}
for (const r of tooManyReads) {
	console.error(`  firestore.rules:${r.line} allow ${r.ops}: ${r.documentReads} document reads`);
}
process.exit(failing.length > 0 || tooManyReads.length > 0 ? 1 : 0);
