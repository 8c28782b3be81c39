/**
 * The server-side meter of the operations benchmark (functions/src/dev/ops-meter.ts): installed
 * on the Admin SDK, a known number of documents written and read must come out as exactly that
 * many writes and reads, billed as Firestore bills them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	installOpsMeter,
	installOpsMeterFromEnvironment
} from '../../functions/lib/dev/ops-meter.js';
import type { MeterLine } from '../../functions/src/dev/ops-meter';
import { db } from './admin-sdk';

const COLLECTION = 'opsMeterTest';
let dir: string;
let file: string;
let uninstall: () => void;
let read = 0;

/** The lines appended since the last call. */
function lines(): MeterLine[] {
	const all = readFileSync(file, 'utf8').split('\n').filter(Boolean);
	const fresh = all.slice(read).map((l) => JSON.parse(l) as MeterLine);
	read = all.length;
	return fresh;
}
const reads = (ls: MeterLine[]) => ls.flatMap((l) => l.reads);
const writes = (ls: MeterLine[]) => ls.flatMap((l) => l.writes);

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'ops-meter-'));
	file = join(dir, 'ops.jsonl');
	const existing = await db().collection(COLLECTION).get();
	await Promise.all(existing.docs.map((d) => d.ref.delete()));
	uninstall = installOpsMeter(file, 'test');
});

afterAll(() => {
	uninstall?.();
	rmSync(dir, { recursive: true, force: true });
});

describe('the Admin SDK meter', () => {
	it('counts a batch of 3 documents as 3 writes, and listing them as 3 reads', async () => {
		const batch = db().batch();
		for (const id of ['a', 'b', 'c']) batch.set(db().doc(`${COLLECTION}/${id}`), { n: 1 });
		await batch.commit();
		expect(writes(lines())).toEqual([`${COLLECTION}/a`, `${COLLECTION}/b`, `${COLLECTION}/c`]);

		const snap = await db().collection(COLLECTION).get();
		expect(snap.size).toBe(3);
		const got = lines();
		expect(reads(got).sort()).toEqual([`${COLLECTION}/a`, `${COLLECTION}/b`, `${COLLECTION}/c`]);
		expect(writes(got)).toEqual([]);
	});

	it('bills an empty query one read, and a batch get every document asked for', async () => {
		await db().collection(COLLECTION).where('n', '==', 99).get();
		expect(reads(lines())).toEqual([`${COLLECTION}/(empty)`]);

		await db().getAll(db().doc(`${COLLECTION}/a`), db().doc(`${COLLECTION}/missing`));
		expect(reads(lines()).sort()).toEqual([`${COLLECTION}/a`, `${COLLECTION}/missing`]);

		await db().doc(`${COLLECTION}/b`).get();
		expect(reads(lines())).toEqual([`${COLLECTION}/b`]);
	});

	it('counts a transaction: its reads and its committed writes', async () => {
		await db().runTransaction(async (tx) => {
			const a = await tx.get(db().doc(`${COLLECTION}/a`));
			tx.update(a.ref, { n: (a.get('n') as number) + 1 });
			tx.set(db().doc(`${COLLECTION}/d`), { n: 0 });
		});
		const got = lines();
		expect(reads(got)).toEqual([`${COLLECTION}/a`]);
		expect(writes(got).sort()).toEqual([`${COLLECTION}/a`, `${COLLECTION}/d`]);
	});

	it('counts deletes as writes, and stops counting once removed', async () => {
		const batch = db().batch();
		for (const id of ['a', 'b', 'c', 'd']) batch.delete(db().doc(`${COLLECTION}/${id}`));
		await batch.commit();
		expect(writes(lines())).toHaveLength(4);

		uninstall();
		await db().doc(`${COLLECTION}/e`).set({ n: 1 });
		await db().doc(`${COLLECTION}/e`).delete();
		expect(lines()).toEqual([]);
		uninstall = installOpsMeter(file, 'test');
	});

	it('is not installed outside the Functions emulator', async () => {
		// This process is a test runner, not a functions worker: the environment hook does nothing.
		expect(process.env.FUNCTIONS_EMULATOR).toBeUndefined();
		const before = process.env.PARLEY_OPS_METER_FILE;
		process.env.PARLEY_OPS_METER_FILE = file;
		uninstall();
		try {
			installOpsMeterFromEnvironment();
			await db().doc(`${COLLECTION}/f`).set({ n: 1 });
			await db().doc(`${COLLECTION}/f`).delete();
			expect(lines()).toEqual([]);
		} finally {
			if (before === undefined) delete process.env.PARLEY_OPS_METER_FILE;
			else process.env.PARLEY_OPS_METER_FILE = before;
			uninstall = installOpsMeter(file, 'test');
		}
	});
});
