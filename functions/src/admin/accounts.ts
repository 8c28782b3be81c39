/**
 * Account administration shared by the admin callables and the demo seed: granting roles,
 * creating groups, keeping the Firestore mirrors (users/{uid}.role, operators/{uid}) in step
 * with the Auth custom claims that the security rules trust.
 */
import type { Auth } from 'firebase-admin/auth';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import { groupRef, newGroupRef, operatorRef as operatorDocRef, userRef } from '../lib/refs.js';
import { roleOf, type Role, type RoleClaims } from '../shared/roles.js';
import { LIMITS } from '../shared/config.js';
import { QUERIES } from '../shared/queries.js';
import { shapedQuery } from '../lib/shaped-query.js';
import { STATUS_RANK } from '../shared/types.js';

/** Said when an account without a name is to become an operator. */
export const NO_PUBLIC_NAME =
	'This account has no name yet. Ask its owner to set their name in Settings, then grant the role again.';

/** The first name given (Auth's, then the profile's), trimmed and cut to the profile limit. */
export function publicNameOf(...names: unknown[]): string {
	for (const name of names) {
		if (typeof name === 'string' && name.trim()) return name.trim().slice(0, LIMITS.displayNameMax);
	}
	return '';
}

export interface RoleChange {
	uid: string;
	role: Role;
	groupId: string | null;
}

/**
 * Applies a role: the custom claims first (the rules' source of truth), then the mirrors.
 * Becoming an operator creates (or re-lists) the public profile; leaving the role unlists it
 * and takes it offline, without deleting what the operator wrote.
 */
export async function applyRole(db: Firestore, auth: Auth, change: RoleChange): Promise<void> {
	const { uid, role, groupId } = change;
	const user = await auth.getUser(uid);
	if (groupId !== null) {
		const group = await groupRef(db, groupId).get();
		if (!group.exists) throw new HttpsError('not-found', 'That group does not exist.');
	}
	const operatorRef = operatorDocRef(db, uid);
	const operator = await operatorRef.get();
	// A new operator's public name is the name the person gave, never derived from their email
	// address (which would publish it, or most of it). No name yet: nothing is granted.
	let displayName = '';
	if (role === 'operator' && !operator.exists) {
		const profile = await userRef(db, uid).get();
		displayName = publicNameOf(user.displayName, profile.data()?.displayName);
		if (!displayName) throw new HttpsError('failed-precondition', NO_PUBLIC_NAME);
	}
	const claims: RoleClaims = role === 'customer' ? {} : { role };
	if (groupId !== null) claims.groupId = groupId;
	const changed =
		roleOf(user.customClaims) !== role ||
		(user.customClaims?.groupId ?? null) !== (claims.groupId ?? null);
	await auth.setCustomUserClaims(uid, { ...claims });
	// Claims reach only tokens minted from now on, and an ID token lives up to an hour: a demoted
	// admin would keep using the old one (the rules and every callable trust it). Revoking the
	// refresh tokens ends every session of the account: its next token renewal is refused and the
	// app signs it out, and verifyIdToken(token, true) refuses the tokens minted before. The admin
	// callables also read the claims from Auth (requireAdmin) for the token still in hand. An
	// unchanged grant (an admin confirming their own role) signs nobody out.
	if (changed) await auth.revokeRefreshTokens(uid);

	const batch = db.batch();
	batch.set(
		userRef(db, uid),
		{
			role,
			groupId,
			email: user.email ?? '',
			updatedAt: FieldValue.serverTimestamp()
		},
		{ merge: true }
	);
	if (role === 'operator') {
		if (operator.exists) {
			batch.update(operatorRef, { listed: true, groupId, updatedAt: FieldValue.serverTimestamp() });
		} else {
			batch.set(operatorRef, {
				displayName,
				nameLower: displayName.toLowerCase(),
				headline: '',
				bio: '',
				categories: [],
				avatarVersion: 0,
				listed: true,
				groupId,
				status: 'offline',
				chosenStatus: 'offline',
				statusPanelId: null,
				statusChangedAt: FieldValue.serverTimestamp(),
				statusRank: STATUS_RANK.offline,
				activeSessions: 0,
				missStreak: 0,
				ratingSum: 0,
				ratingCount: 0,
				createdAt: FieldValue.serverTimestamp(),
				updatedAt: FieldValue.serverTimestamp()
			});
		}
	} else if (operator.exists) {
		batch.update(operatorRef, {
			listed: false,
			groupId: null,
			status: 'offline',
			chosenStatus: 'offline',
			statusPanelId: null,
			statusRank: STATUS_RANK.offline,
			statusChangedAt: FieldValue.serverTimestamp(),
			updatedAt: FieldValue.serverTimestamp()
		});
	}
	await batch.commit();
}

/** Creates a group and makes `ownerUid` its owner. */
export async function createGroup(
	db: Firestore,
	auth: Auth,
	input: { name: string; ownerUid: string; groupId?: string }
): Promise<string> {
	const ref = input.groupId ? groupRef(db, input.groupId) : newGroupRef(db);
	// One group per owner, checked where the group is written: the callers' check of the owner's
	// claims alone let concurrent requests for one owner each create a group (all but the last
	// left owned by someone whose claims name another group).
	await db.runTransaction(async (tx) => {
		const owned = await tx.get(
			shapedQuery(db, QUERIES.groupsOfOwner, { eq: { ownerUid: input.ownerUid } }).limit(1)
		);
		if (!owned.empty) {
			throw new HttpsError('failed-precondition', 'This account already owns a group.');
		}
		tx.create(ref, {
			name: input.name,
			ownerUid: input.ownerUid,
			createdAt: FieldValue.serverTimestamp()
		});
	});
	await applyRole(db, auth, { uid: input.ownerUid, role: 'groupOwner', groupId: ref.id });
	return ref.id;
}

export async function uidForEmail(auth: Auth, email: string): Promise<string> {
	try {
		return (await auth.getUserByEmail(email)).uid;
	} catch (error) {
		if ((error as { code?: string }).code === 'auth/user-not-found') {
			throw new HttpsError('not-found', `No account uses the email address ${email}.`);
		}
		throw error;
	}
}
