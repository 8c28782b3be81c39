/** `users/{uid}`: the signed-in person's private account document. */
import { doc, serverTimestamp, setDoc, updateDoc } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import type { UserDoc } from '$shared/types';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';

export type User = WithId<UserDoc>;

export function userRef(uid: string) {
	return doc(firebase().db, COL.users, uid).withConverter(converter<UserDoc>());
}

export function cleanDisplayName(name: string): string {
	return name.replace(/\s+/g, ' ').trim();
}

export function displayNameProblem(name: string): string | null {
	const clean = cleanDisplayName(name);
	if (clean.length === 0) return 'Enter your name.';
	if (clean.length > LIMITS.displayNameMax) {
		return `Names have at most ${LIMITS.displayNameMax} characters.`;
	}
	return null;
}

/** Called once, right after sign-up: every account starts as a customer. */
export async function createUserDoc(uid: string, email: string, displayName: string) {
	await setDoc(doc(firebase().db, COL.users, uid), {
		displayName: cleanDisplayName(displayName),
		email,
		role: 'customer',
		groupId: null,
		avatarVersion: 0,
		createdAt: serverTimestamp(),
		updatedAt: serverTimestamp()
	});
}

export async function updateDisplayName(uid: string, displayName: string) {
	await updateDoc(doc(firebase().db, COL.users, uid), {
		displayName: cleanDisplayName(displayName),
		updatedAt: serverTimestamp()
	});
}

/**
 * Points the account at a new avatar (see `newAvatarVersion`). Views key their image cache on
 * uid and version, so every change (a new image or a removal) needs a version never used before.
 */
export async function setUserAvatarVersion(uid: string, avatarVersion: number) {
	await updateDoc(doc(firebase().db, COL.users, uid), {
		avatarVersion,
		updatedAt: serverTimestamp()
	});
}
