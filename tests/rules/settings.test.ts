/** settings/{docId}: public read of platform settings; no client writes. */
import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
	collection,
	deleteDoc,
	doc,
	getDoc,
	getDocs,
	limit,
	query,
	serverTimestamp,
	setDoc,
	updateDoc
} from 'firebase/firestore';
import { beforeEach, describe, it } from 'vitest';
import { DEFAULTS } from '$shared/config';
import {
	PAST,
	admin,
	anonymous,
	customer,
	groupOwner,
	operator,
	seed,
	useRulesEnv,
	type Who
} from './setup';

useRulesEnv();

beforeEach(async () => {
	await seed({
		'settings/platform': {
			commissionBps: DEFAULTS.commissionBps,
			lockMinCents: DEFAULTS.lockMinCents,
			lockMaxCents: DEFAULTS.lockMaxCents,
			currency: DEFAULTS.currency,
			updatedAt: PAST
		}
	});
});

const everyone: Omit<Who, 'allowed'>[] = [
	{ who: 'anonymous', db: anonymous },
	{ who: 'a customer', db: () => customer('alice') },
	{ who: 'an operator', db: () => operator('olga') },
	{ who: 'a group owner', db: () => groupOwner('gina', 'g1') },
	{ who: 'an admin', db: admin }
];

describe('settings/{docId}', () => {
	it.each(everyone)('get by $who: allowed', async ({ db }) => {
		await assertSucceeds(getDoc(doc(db(), 'settings/platform')));
	});

	it.each(everyone)('list by $who: denied', async ({ db }) => {
		await assertFails(getDocs(query(collection(db(), 'settings'), limit(10))));
	});

	it.each(everyone)('create by $who: denied', async ({ db }) => {
		await assertFails(setDoc(doc(db(), 'settings/other'), { updatedAt: serverTimestamp() }));
	});

	it.each(everyone)('update (commission to 0) by $who: denied', async ({ db }) => {
		await assertFails(
			updateDoc(doc(db(), 'settings/platform'), { commissionBps: 0, updatedAt: serverTimestamp() })
		);
	});

	it.each(everyone)('delete by $who: denied', async ({ db }) => {
		await assertFails(deleteDoc(doc(db(), 'settings/platform')));
	});
});
