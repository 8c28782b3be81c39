/**
 * The demo seed `npm start` loads: every account gets its role through the production code paths,
 * balances come from ledger top-ups, and the result satisfies the ledger invariants.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, seed } from '../../functions/lib/dev/seed.js';
import { claimsOf, readDoc, resetAndSeed, signIn } from '../emulator';
import { all, auth, db, entrySum, expectLedgerConsistent, uidOf } from './admin-sdk';

let summary: Awaited<ReturnType<typeof resetAndSeed>>;

beforeAll(async () => {
	summary = await resetAndSeed();
});

describe('demo seed', () => {
	it('prints every account with the shared password', () => {
		expect(summary.password).toBe(DEMO_PASSWORD);
		expect(summary.accounts.map((a) => a.email).sort()).toEqual(
			[
				DEMO.admin.email,
				DEMO.groupOwner.email,
				...DEMO.groupOperators.map((o) => o.email),
				DEMO.independentOperator.email,
				...DEMO.customers.map((c) => c.email)
			].sort()
		);
	});

	it('gives the customers their balances through the ledger', async () => {
		for (const c of DEMO.customers) {
			const uid = await uidOf(c.email);
			const wallet = await readDoc(`wallets/${uid}`);
			expect(wallet?.balance).toBe(c.balance);
			expect(await entrySum(`wallet:${uid}`)).toBe(c.balance);
			expect(await claimsOf(uid)).toEqual({});
		}
		const total = DEMO.customers.reduce((s, c) => s + c.balance, 0);
		expect(await entrySum('external:demo')).toBe(-total);
		await expectLedgerConsistent();
	});

	it('lists four offline operators, three of them in Starlight', async () => {
		const operators = await all('operators');
		expect(operators).toHaveLength(DEMO.groupOperators.length + 1);
		for (const op of [...DEMO.groupOperators, DEMO.independentOperator]) {
			const uid = await uidOf(op.email);
			const inGroup = op.email !== DEMO.independentOperator.email;
			expect(operators.find((o) => o.id === uid)).toMatchObject({
				displayName: op.displayName,
				headline: op.headline,
				categories: op.categories,
				listed: true,
				status: 'offline',
				groupId: inGroup ? 'starlight' : null
			});
			expect(await claimsOf(uid)).toEqual(
				inGroup ? { role: 'operator', groupId: 'starlight' } : { role: 'operator' }
			);
		}
	});

	it('creates Starlight with its owner', async () => {
		const ownerUid = await uidOf(DEMO.groupOwner.email);
		expect(await readDoc('groups/starlight')).toMatchObject({
			name: DEMO.groupOwner.group,
			ownerUid
		});
		expect(await claimsOf(ownerUid)).toEqual({ role: 'groupOwner', groupId: 'starlight' });
		expect(await readDoc(`users/${ownerUid}`)).toMatchObject({
			role: 'groupOwner',
			groupId: 'starlight'
		});
	});

	it('makes the admin an admin and writes the platform settings', async () => {
		expect(await claimsOf(await uidOf(DEMO.admin.email))).toEqual({ role: 'admin' });
		expect(await readDoc('settings/platform')).toMatchObject({
			commissionBps: 3000,
			lockMinCents: 50,
			lockMaxCents: 50_000,
			currency: 'USD'
		});
	});

	it('lets every demo account sign in with the printed password', async () => {
		for (const a of summary.accounts) {
			await expect(signIn(a.email, summary.password)).resolves.toMatch(/\./);
		}
	});

	it('refuses to seed twice', async () => {
		await expect(seed(db(), auth())).rejects.toThrow(/already present/);
		expect(await all('groups')).toHaveLength(1);
	});
});
