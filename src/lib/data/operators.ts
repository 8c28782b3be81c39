/** `operators/{uid}`: public operator profiles, the directory's source. */
import {
	collection,
	doc,
	limit,
	orderBy,
	query,
	serverTimestamp,
	updateDoc,
	where,
	type QueryConstraint
} from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import type { OperatorDoc } from '$shared/types';
import type { CategoryId } from '$shared/categories';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';
import { cleanDisplayName } from './users';

export type Operator = WithId<OperatorDoc>;

const operators = () =>
	collection(firebase().db, COL.operators).withConverter(converter<OperatorDoc>());

export function operatorRef(uid: string) {
	return doc(operators(), uid);
}

/**
 * The directory: listed operators, online first, then by name. An optional category filter
 * and a name prefix search; always bounded by a limit (the rules refuse unbounded lists).
 */
export function directoryQuery(opts: { category?: CategoryId | null; search?: string } = {}) {
	const constraints: QueryConstraint[] = [where('listed', '==', true)];
	if (opts.category) constraints.push(where('categories', 'array-contains', opts.category));
	const search = opts.search?.trim().toLowerCase();
	if (search) {
		// A prefix range on nameLower; Firestore then requires ordering by that field first.
		constraints.push(where('nameLower', '>=', search), where('nameLower', '<=', search + '\uf8ff'));
		constraints.push(orderBy('nameLower'));
	} else {
		constraints.push(orderBy('statusRank'), orderBy('nameLower'));
	}
	constraints.push(limit(LIMITS.pageMax));
	return query(operators(), ...constraints);
}

/** Operators of a group (group console, admin). */
export function groupOperatorsQuery(groupId: string) {
	return query(
		operators(),
		where('groupId', '==', groupId),
		where('listed', '==', true),
		orderBy('nameLower'),
		limit(LIMITS.pageMax)
	);
}

export interface ProfileEdit {
	displayName: string;
	headline: string;
	bio: string;
	categories: CategoryId[];
}

export async function updateOperatorProfile(uid: string, edit: ProfileEdit) {
	const displayName = edit.displayName.replace(/\s+/g, ' ').trim();
	await updateDoc(doc(firebase().db, COL.operators, uid), {
		displayName,
		nameLower: displayName.toLowerCase(),
		headline: edit.headline.trim(),
		bio: edit.bio.trim(),
		categories: edit.categories,
		updatedAt: serverTimestamp()
	});
}

/** Keeps the public name in step when an operator renames their account. */
export async function updateOperatorName(uid: string, displayName: string) {
	const clean = cleanDisplayName(displayName);
	await updateDoc(doc(firebase().db, COL.operators, uid), {
		displayName: clean,
		nameLower: clean.toLowerCase(),
		updatedAt: serverTimestamp()
	});
}

/** Same version as `users/{uid}.avatarVersion`, so both views share one cached image. */
export async function setOperatorAvatarVersion(uid: string, avatarVersion: number) {
	await updateDoc(doc(firebase().db, COL.operators, uid), {
		avatarVersion,
		updatedAt: serverTimestamp()
	});
}

export function ratingAverage(op: Pick<OperatorDoc, 'ratingSum' | 'ratingCount'>): number | null {
	return op.ratingCount > 0 ? op.ratingSum / op.ratingCount : null;
}
