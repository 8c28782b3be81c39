/**
 * adminListUsers and adminListGroups against the seeded demo data: the edge checks, then roles
 * as the rules see them and operator counts per group.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD } from '../../functions/lib/dev/seed.js';
import { callFunction, createAccount, resetAndSeed, signIn, type CallResult } from '../emulator';
import { uidOf } from './admin-sdk';
import { expectOk, expectRefused } from './expect-call';

interface UserRow {
	uid: string;
	email: string;
	displayName: string;
	role: string;
	groupId: string | null;
}
interface GroupRow {
	id: string;
	name: string;
	ownerUid: string;
	ownerEmail: string;
	operatorCount: number;
}

const tokens: Record<string, string> = {};

beforeAll(async () => {
	await resetAndSeed();
	const emails = {
		admin: DEMO.admin.email,
		owner: DEMO.groupOwner.email,
		luna: DEMO.groupOperators[0]!.email,
		sol: DEMO.independentOperator.email,
		alice: DEMO.customers[0]!.email
	};
	for (const [who, email] of Object.entries(emails)) {
		tokens[who] = await signIn(email, DEMO_PASSWORD);
	}
});

const listUsers = (data: unknown, token: string | null = tokens.admin!) =>
	callFunction<{ users: UserRow[]; nextPageToken: string | null }>(
		'adminListUsers',
		data,
		token ?? undefined
	);
const listGroups = (data: unknown, token: string | null = tokens.admin!) =>
	callFunction<{ groups: GroupRow[] }>('adminListGroups', data, token ?? undefined);

type List = (data: unknown, token?: string | null) => Promise<CallResult<unknown>>;
const lists: [string, List][] = [
	['adminListUsers', listUsers],
	['adminListGroups', listGroups]
];

describe.each(lists)('%s: who may call it', (_name, list) => {
	it('refuses a caller who is not signed in', async () => {
		expectRefused(await list({}, null), 'UNAUTHENTICATED');
	});

	it.each(['alice', 'luna', 'sol', 'owner'])('refuses %s, who is not an admin', async (who) => {
		expectRefused(await list({}, tokens[who]!), 'PERMISSION_DENIED');
	});

	it.each([
		['an extra key', { everything: true }],
		['a string', 'all'],
		['a list', []],
		['a 10k-character key', { ['k'.repeat(10_000)]: 1 }]
	])('refuses %s with a sentence', async (_what, data) => {
		expectRefused(await list(data), 'INVALID_ARGUMENT');
	});

	it('accepts no payload at all', async () => {
		expectOk(await list(null));
	});
});

describe('adminListUsers', () => {
	it('lists every seeded account with its role and group', async () => {
		const { users, nextPageToken } = expectOk(await listUsers({}));
		expect(nextPageToken).toBeNull();
		const byEmail = new Map(users.map((u) => [u.email, u]));
		expect(users).toHaveLength(1 + 1 + DEMO.groupOperators.length + 1 + DEMO.customers.length);

		expect(byEmail.get(DEMO.admin.email)).toMatchObject({
			role: 'admin',
			groupId: null,
			displayName: DEMO.admin.displayName
		});
		expect(byEmail.get(DEMO.groupOwner.email)).toMatchObject({
			role: 'groupOwner',
			groupId: 'starlight'
		});
		for (const op of DEMO.groupOperators) {
			expect(byEmail.get(op.email)).toMatchObject({
				role: 'operator',
				groupId: 'starlight',
				displayName: op.displayName
			});
		}
		expect(byEmail.get(DEMO.independentOperator.email)).toMatchObject({
			role: 'operator',
			groupId: null
		});
		for (const c of DEMO.customers) {
			expect(byEmail.get(c.email)).toMatchObject({ role: 'customer', groupId: null });
		}
		expect(byEmail.get(DEMO.admin.email)!.uid).toBe(await uidOf(DEMO.admin.email));
	});

	it('accepts a null page token', async () => {
		expect(expectOk(await listUsers({ pageToken: null })).users.length).toBeGreaterThan(0);
	});

	it.each([
		['a page token as a number', { pageToken: 5 }],
		['a 10k-character page token', { pageToken: 'p'.repeat(10_000) }],
		['a page size', { pageSize: 1000 }]
	])('refuses %s', async (_what, data) => {
		expectRefused(await listUsers(data), 'INVALID_ARGUMENT');
	});
});

describe('adminListGroups', () => {
	it('lists the seeded group with its owner and its three operators', async () => {
		const { groups } = expectOk(await listGroups({}));
		expect(groups).toEqual([
			{
				id: 'starlight',
				name: DEMO.groupOwner.group,
				ownerUid: await uidOf(DEMO.groupOwner.email),
				ownerEmail: DEMO.groupOwner.email,
				operatorCount: DEMO.groupOperators.length
			}
		]);
	});

	it('counts listed operators only, and sorts groups by name', async () => {
		const luna = DEMO.groupOperators[0]!.email;
		// Luna stops being an operator: her profile is unlisted and no longer counts.
		expectOk(await callFunction('adminSetRole', { email: luna, role: 'customer' }, tokens.admin));
		const newOwner = await createAccount('aurora@parley.test');
		const created = expectOk(
			await callFunction<{ groupId: string }>(
				'adminCreateGroup',
				{ name: 'Aurora Guides', ownerEmail: newOwner.email },
				tokens.admin
			)
		);
		// Sol joins the new group.
		const sol = DEMO.independentOperator.email;
		expectOk(
			await callFunction(
				'adminSetRole',
				{ email: sol, role: 'operator', groupId: created.groupId },
				tokens.admin
			)
		);
		const { groups } = expectOk(await listGroups({}));
		expect(groups.map((g) => [g.name, g.operatorCount, g.ownerEmail])).toEqual([
			['Aurora Guides', 1, 'aurora@parley.test'],
			[DEMO.groupOwner.group, DEMO.groupOperators.length - 1, DEMO.groupOwner.email]
		]);
	});
});
