/**
 * Every query of the app and the functions has its index in firestore.indexes.json, and none is
 * written past the registry. The emulator answers any query; a real project refuses a query
 * without its composite index (FAILED_PRECONDITION), so this is where a missing one shows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { QUERIES } from '../../functions/src/shared/queries';
import {
	compositeNeeded,
	indexesFileProblems,
	missingIndex,
	serves
} from './firestore-indexes.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INDEXES = JSON.parse(readFileSync(join(ROOT, 'firestore.indexes.json'), 'utf8'));
const shapes = Object.entries(QUERIES);

describe('firestore.indexes.json', () => {
	it('is well formed', () => {
		expect(indexesFileProblems(INDEXES)).toEqual([]);
	});

	it.each(shapes)('serves %s', (_, shape) => {
		expect(missingIndex(shape, INDEXES)).toBeNull();
	});

	it('declares no index that no query uses (each costs a write per document write)', () => {
		const used = INDEXES.indexes.filter((index: never) =>
			shapes.some(([, s]) => {
				const need = compositeNeeded(s);
				return need !== null && serves(need, index);
			})
		);
		expect(used).toEqual(INDEXES.indexes);
	});

	it('fails the check when any one of its indexes is removed', () => {
		expect(INDEXES.indexes.length).toBeGreaterThan(10);
		for (let i = 0; i < INDEXES.indexes.length; i += 1) {
			const copy = structuredClone(INDEXES);
			copy.indexes.splice(i, 1);
			const failing = shapes.filter(([, s]) => missingIndex(s, copy) !== null);
			expect(failing.length, JSON.stringify(INDEXES.indexes[i])).toBeGreaterThan(0);
		}
	});
});

function* sources(dir: string): Generator<string> {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) yield* sources(path);
		else if (/\.(ts|svelte)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) yield path;
	}
}

const BUILDERS = ['src/lib/firebase/shaped-query.ts', 'functions/src/lib/shaped-query.ts'];
const REGISTRY = 'functions/src/shared/queries.ts';
const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'functions/src'))].map((f) => ({
	path: relative(ROOT, f),
	text: readFileSync(f, 'utf8')
}));

describe('queries are built only from the registry', () => {
	it('no where(, orderBy( or collectionGroup( outside the two builders', () => {
		expect(files.length).toBeGreaterThan(50);
		const call = /(?<![\w$])(where|orderBy|collectionGroup)\s*\(/;
		const offenders = files
			.filter((f) => !BUILDERS.includes(f.path) && f.path !== REGISTRY)
			.flatMap((f) =>
				f.text
					.split('\n')
					.map((line, i) => ({ line, at: `${f.path}:${i + 1}` }))
					.filter(({ line }) => call.test(line))
					.map(({ line, at }) => `${at}: ${line.trim()}`)
			);
		expect(offenders).toEqual([]);
	});

	it('nobody else imports where, orderBy or collectionGroup from the Firestore SDKs', () => {
		const imports =
			/import\s*(?:type\s*)?\{[^}]*\b(where|orderBy|collectionGroup|FieldPath)\b[^}]*\}\s*from\s*'(firebase\/firestore|firebase-admin\/firestore)'/;
		const offenders = files
			.filter((f) => !BUILDERS.includes(f.path) && imports.test(f.text))
			.map((f) => f.path);
		expect(offenders).toEqual([]);
	});

	it('the check itself catches a bypass', () => {
		const call = /(?<![\w$])(where|orderBy|collectionGroup)\s*\(/;
		expect(call.test("db.collection('panels').where('closedAt', '==', null)")).toBe(true);
		expect(call.test("query(ref, orderBy('createdAt'))")).toBe(true);
		expect(call.test('// somewhere (not a call)')).toBe(false);
	});

	it('every declared shape is used', () => {
		const code = files
			.filter((f) => f.path !== REGISTRY)
			.map((f) => f.text)
			.join('\n');
		const unused = shapes.map(([name]) => name).filter((name) => !code.includes(`QUERIES.${name}`));
		expect(unused).toEqual([]);
	});
});
