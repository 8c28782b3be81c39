/**
 * adminSetRole against the emulators: authentication, then the payload, then the caller's role,
 * then what a grant writes (claims the rules trust, the users mirror, the operator profile).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
	callFunction,
	claimsOf,
	createAccount,
	readDoc,
	resetEmulators,
	signIn,
	type TestAccount
} from '../emulator';
import { NO_PUBLIC_NAME } from '../../functions/lib/admin/accounts.js';
import { db } from './admin-sdk';
import { expectOk, expectRefused } from './expect-call';

const GROUP = 'g-moon';
let admin: TestAccount;
let customer: TestAccount;
let target: TestAccount;

/** Calls as the admin unless another token (or `null`: signed out) is given. */
function setRole(data: unknown, idToken: string | null = admin.idToken) {
	return callFunction<{ uid: string; role: string; groupId: string | null }>(
		'adminSetRole',
		data,
		idToken ?? undefined
	);
}

/** Nothing about the target changed: no claims, no profile, no role in the mirror. */
async function expectUntouched(account: TestAccount) {
	expect(await claimsOf(account.uid)).toEqual({});
	expect(await readDoc(`operators/${account.uid}`)).toBeNull();
	expect(await readDoc(`users/${account.uid}`)).toBeNull();
}

beforeEach(async () => {
	await resetEmulators();
	[admin, customer, target] = await Promise.all([
		createAccount('admin@set-role.test', { claims: { role: 'admin' }, displayName: 'Ada' }),
		createAccount('customer@set-role.test', { displayName: 'Cass' }),
		createAccount('target@set-role.test', { displayName: 'Tara Quinn' })
	]);
	await db().doc(`groups/${GROUP}`).set({ name: 'Moon Circle', ownerUid: 'someone' });
});

describe('adminSetRole: who may call it', () => {
	it('refuses a caller who is not signed in', async () => {
		const r = await setRole({ email: target.email, role: 'operator' }, null);
		expectRefused(r, 'UNAUTHENTICATED');
		await expectUntouched(target);
	});

	it('refuses a forged token', async () => {
		const r = await setRole({ email: target.email, role: 'operator' }, 'not-a-token');
		expectRefused(r, 'UNAUTHENTICATED');
		await expectUntouched(target);
	});

	it.each([
		['a customer', undefined],
		['an operator', { role: 'operator' }],
		['a group owner', { role: 'groupOwner', groupId: GROUP }]
	])('refuses %s', async (_who, claims) => {
		const caller = claims ? await createAccount('caller@set-role.test', { claims }) : customer;
		const r = await setRole({ email: target.email, role: 'operator' }, caller.idToken);
		expectRefused(r, 'PERMISSION_DENIED');
		await expectUntouched(target);
	});

	it('does not let a customer make themselves an admin', async () => {
		const r = await setRole({ email: customer.email, role: 'admin' }, customer.idToken);
		expectRefused(r, 'PERMISSION_DENIED');
		expect(await claimsOf(customer.uid)).toEqual({});
	});
});

describe('adminSetRole: payload', () => {
	const long = 'x'.repeat(10_000);
	it.each([
		// (A body without `data` is refused by the callable protocol itself; SDKs send null.)
		['null', null],
		['a string', 'operator'],
		['a list', ['target@set-role.test', 'operator']],
		['an empty object', {}],
		['a missing role', { email: 'target@set-role.test' }],
		['a missing email', { role: 'operator' }],
		['a bad email', { email: 'target-at-set-role.test', role: 'operator' }],
		['an email as a number', { email: 12, role: 'operator' }],
		['a 10k-character email', { email: `${long}@set-role.test`, role: 'operator' }],
		['an unknown role', { email: 'target@set-role.test', role: 'superuser' }],
		['a role as a list', { email: 'target@set-role.test', role: ['admin'] }],
		['a 10k-character role', { email: 'target@set-role.test', role: long }],
		['an extra key', { email: 'target@set-role.test', role: 'operator', uid: 'x' }],
		[
			'extra claims',
			{ email: 'target@set-role.test', role: 'operator', claims: { role: 'admin' } }
		],
		['a group id as a number', { email: 'target@set-role.test', role: 'operator', groupId: 1 }],
		['a group id path', { email: 'target@set-role.test', role: 'operator', groupId: 'a/b' }],
		['a 10k-character group id', { email: 'target@set-role.test', role: 'operator', groupId: long }]
	])('refuses %s with a sentence and writes nothing', async (_what, data) => {
		expectRefused(await setRole(data), 'INVALID_ARGUMENT');
		await expectUntouched(target);
	});

	it('checks the payload before the role, and the role before anything is looked up', async () => {
		// A customer sending garbage learns it is garbage, not whether the email exists.
		expectRefused(await setRole({ email: 'nope' }, customer.idToken), 'INVALID_ARGUMENT');
		const unknown = { email: 'nobody@set-role.test', role: 'operator' };
		expectRefused(await setRole(unknown, customer.idToken), 'PERMISSION_DENIED');
	});
});

describe('adminSetRole as an admin', () => {
	it('makes an operator: claims, users mirror and a listed, offline profile', async () => {
		const result = expectOk(await setRole({ email: target.email, role: 'operator' }));
		expect(result).toEqual({ uid: target.uid, role: 'operator', groupId: null });
		expect(await claimsOf(target.uid)).toEqual({ role: 'operator' });
		expect(await readDoc(`users/${target.uid}`)).toMatchObject({
			role: 'operator',
			groupId: null,
			email: target.email
		});
		expect(await readDoc(`operators/${target.uid}`)).toMatchObject({
			displayName: 'Tara Quinn',
			nameLower: 'tara quinn',
			listed: true,
			status: 'offline',
			chosenStatus: 'offline',
			statusRank: 3,
			statusPanelId: null,
			groupId: null,
			activeSessions: 0,
			missStreak: 0
		});
		// The new claims reach the operator's next token.
		const token = await signIn(target.email, target.password);
		const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
			role?: string;
		};
		expect(payload.role).toBe('operator');
	});

	it('lists an operator under an existing group', async () => {
		const r = expectOk(await setRole({ email: target.email, role: 'operator', groupId: GROUP }));
		expect(r.groupId).toBe(GROUP);
		expect(await claimsOf(target.uid)).toEqual({ role: 'operator', groupId: GROUP });
		expect(await readDoc(`operators/${target.uid}`)).toMatchObject({
			groupId: GROUP,
			listed: true
		});
		expect(await readDoc(`users/${target.uid}`)).toMatchObject({ groupId: GROUP });
	});

	it('refuses an unknown group and writes nothing', async () => {
		const r = await setRole({ email: target.email, role: 'operator', groupId: 'no-such-group' });
		expectRefused(r, 'NOT_FOUND');
		await expectUntouched(target);
	});

	it('moves an operator out of a group when granted again without one', async () => {
		expectOk(await setRole({ email: target.email, role: 'operator', groupId: GROUP }));
		expectOk(await setRole({ email: target.email, role: 'operator' }));
		expect(await claimsOf(target.uid)).toEqual({ role: 'operator' });
		expect(await readDoc(`operators/${target.uid}`)).toMatchObject({ groupId: null, listed: true });
	});

	it('demotes an operator to customer: claims cleared, profile unlisted and kept', async () => {
		expectOk(await setRole({ email: target.email, role: 'operator', groupId: GROUP }));
		await db().doc(`operators/${target.uid}`).update({
			headline: 'Readings by the sea',
			status: 'online',
			chosenStatus: 'online',
			statusRank: 0,
			statusPanelId: 'panel-1'
		});
		const r = expectOk(await setRole({ email: target.email, role: 'customer', groupId: GROUP }));
		expect(r).toEqual({ uid: target.uid, role: 'customer', groupId: null });
		expect(await claimsOf(target.uid)).toEqual({});
		expect(await readDoc(`users/${target.uid}`)).toMatchObject({ role: 'customer', groupId: null });
		expect(await readDoc(`operators/${target.uid}`)).toMatchObject({
			headline: 'Readings by the sea',
			displayName: 'Tara Quinn',
			listed: false,
			status: 'offline',
			chosenStatus: 'offline',
			statusRank: 3,
			statusPanelId: null,
			groupId: null
		});

		// Granted again, the same profile comes back listed, with what the operator wrote.
		expectOk(await setRole({ email: target.email, role: 'operator' }));
		expect(await readDoc(`operators/${target.uid}`)).toMatchObject({
			headline: 'Readings by the sea',
			listed: true,
			status: 'offline'
		});
	});

	it('makes another admin, who can then use the admin callables', async () => {
		expectOk(await setRole({ email: target.email, role: 'admin', groupId: GROUP }));
		expect(await claimsOf(target.uid)).toEqual({ role: 'admin' });
		const token = await signIn(target.email, target.password);
		expectOk(await callFunction('adminListGroups', {}, token));
	});

	it('never makes a public name from the email address: an account without a name is refused', async () => {
		const nameless = await createAccount('mystic.jane.doe@set-role.test');
		const r = await setRole({ email: nameless.email, role: 'operator' });
		expect(expectRefused(r, 'FAILED_PRECONDITION')).toBe(NO_PUBLIC_NAME);
		await expectUntouched(nameless);
	});

	it('takes the name from the profile when Auth has none, and never the email', async () => {
		const nameless = await createAccount('mystic.jane.doe@set-role.test');
		await db().doc(`users/${nameless.uid}`).set({ displayName: '  Jane of the Stars ' });
		expectOk(await setRole({ email: nameless.email, role: 'operator' }));
		const profile = await readDoc(`operators/${nameless.uid}`);
		expect(profile).toMatchObject({ displayName: 'Jane of the Stars' });
		expect(JSON.stringify(profile)).not.toContain('mystic');
	});

	it('sends group ownership through adminCreateGroup instead', async () => {
		const r = await setRole({ email: target.email, role: 'groupOwner', groupId: GROUP });
		expect(expectRefused(r, 'FAILED_PRECONDITION')).toMatch(/group/);
		await expectUntouched(target);
	});

	it('answers NOT_FOUND for an email no account uses', async () => {
		const r = await setRole({ email: 'nobody@set-role.test', role: 'operator' });
		expect(expectRefused(r, 'NOT_FOUND')).toContain('nobody@set-role.test');
	});

	it.each(['customer', 'operator'])('does not let an admin make themselves %s', async (role) => {
		const r = await setRole({ email: admin.email, role });
		expectRefused(r, 'FAILED_PRECONDITION');
		expect(await claimsOf(admin.uid)).toEqual({ role: 'admin' });
		expect(await readDoc(`operators/${admin.uid}`)).toBeNull();
	});

	it('lets an admin confirm their own admin role', async () => {
		expectOk(await setRole({ email: admin.email, role: 'admin' }));
		expect(await claimsOf(admin.uid)).toEqual({ role: 'admin' });
	});
});
