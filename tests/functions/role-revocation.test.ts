/**
 * Role changes take effect at once, not when the old ID token expires (up to an hour later): a
 * grant revokes the account's refresh tokens, so verifyIdToken(token, true) refuses the tokens
 * minted before it, and the admin callables read the caller's claims from Auth, so a demoted
 * admin's token still in hand is refused before anything is written.
 *
 * The Auth emulator checks revocation in verifyIdToken(token, true) but, unlike production, still
 * renews a revoked refresh token; the app's answer to a refused renewal (signed out) is covered in
 * tests/e2e/presence-token.test.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROLE_CHANGED } from '../../functions/lib/lib/guard.js';
import {
	callFunction,
	claimsOf,
	createAccount,
	readDoc,
	resetEmulators,
	signIn,
	type TestAccount
} from '../emulator';
import { auth, db, fingerprint } from './admin-sdk';
import { expectOk, expectRefused } from './expect-call';

const GROUP = 'g-sun';
let admin: TestAccount;
let other: TestAccount;
let target: TestAccount;

beforeEach(async () => {
	await resetEmulators();
	[admin, other, target] = await Promise.all([
		createAccount('admin@revoke.test', { claims: { role: 'admin' }, displayName: 'Ada' }),
		createAccount('other@revoke.test', { claims: { role: 'admin' }, displayName: 'Otto' }),
		createAccount('target@revoke.test', { displayName: 'Tara Quinn' })
	]);
	await db().doc(`groups/${GROUP}`).set({ name: 'Sun Circle', ownerUid: 'someone' });
	// Revocation has a one-second grain (a token's auth_time against tokensValidAfterTime): the
	// tokens above must be from an earlier second than the grants the tests make.
	await sleep(1100);
});

function setRole(data: unknown, idToken: string) {
	return callFunction('adminSetRole', data, idToken);
}

async function validAfter(uid: string): Promise<number> {
	return new Date((await auth().getUser(uid)).tokensValidAfterTime!).getTime();
}

describe('a role change ends the sessions of the account', () => {
	it('demoting an admin moves tokensValidAfterTime and revokes the token in hand', async () => {
		const before = await validAfter(other.uid);
		await expect(auth().verifyIdToken(other.idToken, true)).resolves.toMatchObject({
			uid: other.uid,
			role: 'admin'
		});
		expectOk(await setRole({ email: other.email, role: 'customer' }, admin.idToken));
		expect(await claimsOf(other.uid)).toEqual({});
		expect(await validAfter(other.uid)).toBeGreaterThan(before);
		await expect(auth().verifyIdToken(other.idToken, true)).rejects.toMatchObject({
			code: 'auth/id-token-revoked'
		});
		// Signing in again gives a token that holds, without the role.
		const fresh = await signIn(other.email, other.password);
		const decoded = await auth().verifyIdToken(fresh, true);
		expect(decoded.role).toBeUndefined();
	});

	it.each<[string, { role: string; groupId?: string }]>([
		['made an operator', { role: 'operator' }],
		['moved into a group', { role: 'operator', groupId: GROUP }]
	])('a customer %s is signed out too', async (_what, grant) => {
		if (grant.groupId) {
			expectOk(await setRole({ email: target.email, role: 'operator' }, admin.idToken));
			await sleep(1100);
			target.idToken = await signIn(target.email, target.password);
			await sleep(1100);
		}
		const before = await validAfter(target.uid);
		expectOk(await setRole({ email: target.email, ...grant }, admin.idToken));
		expect(await validAfter(target.uid)).toBeGreaterThan(before);
		await expect(auth().verifyIdToken(target.idToken, true)).rejects.toMatchObject({
			code: 'auth/id-token-revoked'
		});
	});

	it('a group created for an owner revokes the owner’s tokens', async () => {
		const before = await validAfter(target.uid);
		expectOk(
			await callFunction(
				'adminCreateGroup',
				{ name: 'Moon Circle', ownerEmail: target.email },
				admin.idToken
			)
		);
		expect(await validAfter(target.uid)).toBeGreaterThan(before);
		await expect(auth().verifyIdToken(target.idToken, true)).rejects.toMatchObject({
			code: 'auth/id-token-revoked'
		});
	});

	it('an admin confirming their own role keeps their session', async () => {
		const before = await validAfter(admin.uid);
		expectOk(await setRole({ email: admin.email, role: 'admin' }, admin.idToken));
		expect(await validAfter(admin.uid)).toBe(before);
		await expect(auth().verifyIdToken(admin.idToken, true)).resolves.toMatchObject({
			uid: admin.uid
		});
	});
});

describe('a just-demoted admin’s token, still unexpired, opens no admin callable', () => {
	it.each([
		['adminSetRole', { email: 'target@revoke.test', role: 'operator' }],
		['adminCreateGroup', { name: 'Rogue Circle', ownerEmail: 'target@revoke.test' }],
		['adminUpdateSettings', { commissionBps: 100, lockMinCents: 50, lockMaxCents: 50_000 }],
		['adminListUsers', {}],
		['adminListGroups', {}],
		['adminReconcile', {}],
		['adminRefundLock', { sessionId: 's1', lockId: 'l1', reason: 'Because.' }]
	] as const)('%s is refused with a sentence and writes nothing', async (name, data) => {
		expectOk(await setRole({ email: other.email, role: 'customer' }, admin.idToken));
		// The token still decodes as an admin's: only Auth knows better.
		const payload = JSON.parse(
			Buffer.from(other.idToken.split('.')[1]!, 'base64url').toString()
		) as { role?: string; exp: number };
		expect(payload.role).toBe('admin');
		expect(payload.exp * 1000).toBeGreaterThan(Date.now());
		const before = await fingerprint();
		const r = await callFunction(name, data, other.idToken);
		expect(expectRefused(r, 'PERMISSION_DENIED')).toBe(ROLE_CHANGED);
		expect(await fingerprint()).toEqual(before);
		expect(await readDoc(`operators/${target.uid}`)).toBeNull();
		expect(await claimsOf(target.uid)).toEqual({});
	});
});
