import { describe, expect, it } from 'vitest';
import { allowConditions, checkCoverage, documentReadsPerAllow } from './rules-coverage.mjs';

const RULES = [
	"rules_version = '2';",
	'service cloud.firestore {',
	'  match /databases/{database}/documents {',
	'    function owner() {',
	'      return get(/databases/$(database)/documents/owners/$(request.auth.uid)).data;',
	'    }',
	'    match /a/{id} {',
	'      allow get: if true;',
	'      // allow update: if commented out;',
	'      allow create, update: if request.auth != null && owner().ok == true;',
	"      allow delete: if request.auth.token.get('role', null) == 'admin';",
	'    }',
	'  }',
	'}'
].join('\n');

/** A coverage node at a line and column with the given true/false counts. */
function node(line: number, column: number, width: number, t: number, f: number) {
	return {
		sourcePosition: { line, column, currentOffset: 0, endOffset: width },
		values: [
			...(t ? [{ value: { boolValue: true }, count: t }] : []),
			...(f ? [{ value: { boolValue: false }, count: f }] : [])
		]
	};
}

describe('rules coverage gate', () => {
	it('finds each allow condition where it starts, ignoring comments', () => {
		const found = allowConditions(RULES);
		expect(found.map((a) => [a.ops, a.line, a.column])).toEqual([
			['get', 8, 21],
			['create,update', 10, 32],
			['delete', 11, 24]
		]);
	});

	it('counts document reads through functions, not the map get()', () => {
		expect(documentReadsPerAllow(RULES).map((a) => a.documentReads)).toEqual([0, 1, 0]);
	});

	it('fails a condition never seen false, and passes one seen both ways across files', () => {
		const fileA = { report: [node(10, 32, 50, 2, 0), node(11, 24, 40, 1, 0)] };
		// The widest node at the position is the whole condition; a narrower one is a part of it.
		const fileB = { report: [{ ...node(10, 32, 50, 0, 3), children: [node(10, 32, 10, 9, 9)] }] };
		const { rows, failing } = checkCoverage(RULES, [fileA, fileB]);
		expect(rows.map((r) => [r.line, r.seenTrue, r.seenFalse, r.ok])).toEqual([
			[8, 0, 0, true],
			[10, 2, 3, true],
			[11, 1, 0, false]
		]);
		expect(failing.map((r) => r.line)).toEqual([11]);
	});
});
