/**
 * adminCreateGroup against the emulators: the edge checks, then the group and its owner's
 * claims, and the refusal to make an account that already has a role into an owner.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
	callFunction,
	claimsOf,
	createAccount,
	readDoc,
	resetEmulators,
	type TestAccount
} from '../emulator';
import { all } from './admin-sdk';
import { expectOk, expectRefused } from './expect-call';

let admin: TestAccount;
let customer: TestAccount;
let owner: TestAccount;

/** Calls as the admin unless another token (or `null`: signed out) is given. */
function createGroup(data: unknown, idToken: string | null = admin.idToken) {
	return callFunction<{ groupId: string }>('adminCreateGroup', data, idToken ?? undefined);
}

async function expectNoGroup() {
	expect(await all('groups')).toEqual([]);
	expect(await claimsOf(owner.uid)).toEqual({});
	expect(await readDoc(`users/${owner.uid}`)).toBeNull();
}

beforeEach(async () => {
	await resetEmulators();
	[admin, customer, owner] = await Promise.all([
		createAccount('admin@create-group.test', { claims: { role: 'admin' } }),
		createAccount('customer@create-group.test'),
		createAccount('owner@create-group.test', { displayName: 'Olive Owner' })
	]);
});

describe('adminCreateGroup: who may call it', () => {
	const valid = { name: 'Sunrise', ownerEmail: 'owner@create-group.test' };

	it('refuses a caller who is not signed in', async () => {
		expectRefused(await createGroup(valid, null), 'UNAUTHENTICATED');
		await expectNoGroup();
	});

	it('refuses a customer', async () => {
		expectRefused(await createGroup(valid, customer.idToken), 'PERMISSION_DENIED');
		await expectNoGroup();
	});

	it('refuses an operator and a group owner', async () => {
		const operator = await createAccount('op@create-group.test', { claims: { role: 'operator' } });
		const other = await createAccount('other@create-group.test', {
			claims: { role: 'groupOwner', groupId: 'x' }
		});
		expectRefused(await createGroup(valid, operator.idToken), 'PERMISSION_DENIED');
		expectRefused(await createGroup(valid, other.idToken), 'PERMISSION_DENIED');
		await expectNoGroup();
	});

	it('does not let a customer make themselves an owner', async () => {
		const mine = { name: 'Mine', ownerEmail: customer.email };
		expectRefused(await createGroup(mine, customer.idToken), 'PERMISSION_DENIED');
		expect(await claimsOf(customer.uid)).toEqual({});
	});
});

describe('adminCreateGroup: payload', () => {
	const email = 'owner@create-group.test';
	const long = 'x'.repeat(10_000);
	it.each([
		['null', null],
		['a string', 'Sunrise'],
		['an empty object', {}],
		['a missing name', { ownerEmail: email }],
		['a missing owner', { name: 'Sunrise' }],
		['a blank name', { name: '   ', ownerEmail: email }],
		['a name as a number', { name: 7, ownerEmail: email }],
		['a name one character too long', { name: 'n'.repeat(81), ownerEmail: email }],
		['a 10k-character name', { name: long, ownerEmail: email }],
		['a bad owner email', { name: 'Sunrise', ownerEmail: 'owner' }],
		['a 10k-character owner email', { name: 'Sunrise', ownerEmail: `${long}@x.test` }],
		['an owner uid instead of an email', { name: 'Sunrise', ownerUid: 'abc' }],
		['an extra key', { name: 'Sunrise', ownerEmail: email, groupId: 'chosen-id' }]
	])('refuses %s with a sentence and writes nothing', async (_what, data) => {
		expectRefused(await createGroup(data), 'INVALID_ARGUMENT');
		await expectNoGroup();
	});
});

describe('adminCreateGroup as an admin', () => {
	it('creates the group and makes the owner its group owner', async () => {
		const { groupId } = expectOk(
			await createGroup({ name: '  Sunrise Readers ', ownerEmail: owner.email })
		);
		expect(groupId).toMatch(/^[A-Za-z0-9]{20}$/);
		expect(await readDoc(`groups/${groupId}`)).toMatchObject({
			name: 'Sunrise Readers',
			ownerUid: owner.uid
		});
		expect(await claimsOf(owner.uid)).toEqual({ role: 'groupOwner', groupId });
		expect(await readDoc(`users/${owner.uid}`)).toMatchObject({ role: 'groupOwner', groupId });
		// An owner is not an operator: no public profile appears.
		expect(await readDoc(`operators/${owner.uid}`)).toBeNull();

		// Operators can now be listed under it.
		const op = await createAccount('op@create-group.test', { displayName: 'Opal Reed' });
		const set = await callFunction(
			'adminSetRole',
			{ email: op.email, role: 'operator', groupId },
			admin.idToken
		);
		expectOk(set);
		expect(await claimsOf(op.uid)).toEqual({ role: 'operator', groupId });
	});

	it.each([
		['an operator', { role: 'operator' }, /operator/],
		['a group owner', { role: 'groupOwner', groupId: 'other' }, /group owner/],
		['an admin', { role: 'admin' }, /admin/]
	])('refuses an owner who is already %s', async (_what, claims, mentions) => {
		const busy = await createAccount('busy@create-group.test', { claims });
		const r = await createGroup({ name: 'Sunrise', ownerEmail: busy.email });
		expect(expectRefused(r, 'FAILED_PRECONDITION')).toMatch(mentions);
		expect(await all('groups')).toEqual([]);
		expect(await claimsOf(busy.uid)).toEqual(claims);
	});

	it('refuses a second group for the same owner', async () => {
		expectOk(await createGroup({ name: 'First', ownerEmail: owner.email }));
		const claims = await claimsOf(owner.uid);
		expectRefused(
			await createGroup({ name: 'Second', ownerEmail: owner.email }),
			'FAILED_PRECONDITION'
		);
		expect((await all('groups')).map((g) => g.name)).toEqual(['First']);
		expect(await claimsOf(owner.uid)).toEqual(claims);
	});

	// Racing transactions over one query wait on each other's locks: slow on the emulator.
	it('makes one group when requests for the same owner race', { timeout: 90_000 }, async () => {
		const results = await Promise.all(
			['A', 'B', 'C'].map((name) => createGroup({ name, ownerEmail: owner.email }))
		);
		const created = results.filter((r) => r.result);
		expect(created).toHaveLength(1);
		for (const r of results.filter((r) => r.error)) expectRefused(r, 'FAILED_PRECONDITION');
		const groups = await all('groups');
		expect(groups.map((g) => g.id)).toEqual([created[0]!.result!.groupId]);
		expect(await claimsOf(owner.uid)).toEqual({ role: 'groupOwner', groupId: groups[0]!.id });
	});

	it('answers NOT_FOUND for an owner email no account uses', async () => {
		const r = await createGroup({ name: 'Sunrise', ownerEmail: 'nobody@create-group.test' });
		expect(expectRefused(r, 'NOT_FOUND')).toContain('nobody@create-group.test');
		expect(await all('groups')).toEqual([]);
	});
});
