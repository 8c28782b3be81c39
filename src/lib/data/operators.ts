/** `operators/{uid}`: public operator profiles, the directory's source. */
import { collection, doc, serverTimestamp, updateDoc } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import { QUERIES } from '$shared/queries';
import type { OperatorDoc } from '$shared/types';
import type { CategoryId } from '$shared/categories';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';
import { shapedQuery } from '$lib/firebase/shaped-query';
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
	const eq = { listed: true };
	const category = opts.category;
	const search = opts.search?.trim().toLowerCase();
	const max = LIMITS.pageMax;
	if (search) {
		// A prefix range on nameLower; Firestore then requires ordering by that field first.
		const range = { '>=': search, '<=': search + '\uf8ff' };
		return category
			? shapedQuery(
					operators(),
					QUERIES.directorySearchInCategory,
					{ eq, contains: category, range },
					max
				)
			: shapedQuery(operators(), QUERIES.directorySearch, { eq, range }, max);
	}
	return category
		? shapedQuery(operators(), QUERIES.directoryInCategory, { eq, contains: category }, max)
		: shapedQuery(operators(), QUERIES.directory, { eq }, max);
}

/** Operators of a group (group console, admin). */
export function groupOperatorsQuery(groupId: string) {
	return shapedQuery(
		operators(),
		QUERIES.groupOperatorsByName,
		{ eq: { groupId, listed: true } },
		LIMITS.pageMax
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
