/**
 * `avatars/{uid}`: profile images. Cloud Storage's emulator cannot run offline, and a 160-pixel
 * JPEG is a few kilobytes, so each image is a data URL in its own small document (kept out of
 * the profile documents so status changes never resend it).
 */
import { deleteDoc, doc, getDoc, serverTimestamp, setDoc } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import type { AvatarDoc } from '$shared/types';
import { firebase } from '$lib/firebase/app';
import { converter } from '$lib/firebase/convert';

export function avatarRef(uid: string) {
	return doc(firebase().db, COL.avatars, uid).withConverter(converter<AvatarDoc>());
}

/** Cache of fetched avatars by uid and version, so lists fetch each image once. */
const cache = new Map<string, Promise<string | null>>();

export function loadAvatar(uid: string, version: number): Promise<string | null> {
	if (version === 0) return Promise.resolve(null);
	const key = `${uid}@${version}`;
	let hit = cache.get(key);
	if (!hit) {
		hit = getDoc(avatarRef(uid))
			.then((snap) => snap.data()?.dataUrl ?? null)
			.catch(() => null);
		cache.set(key, hit);
	}
	return hit;
}

/**
 * A version never used before for this account: it only grows (the rules refuse going back),
 * so a removed image is a new version whose document is gone, not version 0.
 */
export function newAvatarVersion(): number {
	return Date.now();
}

export async function saveAvatar(uid: string, dataUrl: string) {
	if (dataUrl.length > LIMITS.avatarMaxChars) throw new Error('That image is too large.');
	await setDoc(doc(firebase().db, COL.avatars, uid), { dataUrl, updatedAt: serverTimestamp() });
}

export async function removeAvatar(uid: string) {
	await deleteDoc(doc(firebase().db, COL.avatars, uid));
}
