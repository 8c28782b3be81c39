/**
 * Demo data for the local default: run against the emulators only (it refuses otherwise).
 * Every account is created through the same code paths production uses (roles through
 * applyRole, balances through ledger top-ups), so the demo is consistent with the rules.
 */
import type { Auth } from 'firebase-admin/auth';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { applyRole, createGroup } from '../admin/accounts.js';
import { demoEmulators } from './dev-only.js';
import { topUp } from '../money/ledger.js';
import { DEFAULTS } from '../shared/config.js';
import type { Cents } from '../shared/money.js';
import { operatorRef, settingsRef, userRef } from '../lib/refs.js';
import type { CategoryId } from '../shared/categories.js';

export const DEMO_PASSWORD = 'parley-demo';

interface DemoOperator {
	email: string;
	displayName: string;
	headline: string;
	bio: string;
	categories: CategoryId[];
}

export const DEMO = {
	admin: { email: 'admin@parley.test', displayName: 'Ada Admin' },
	groupOwner: {
		email: 'owner@parley.test',
		displayName: 'Grace Hart',
		group: 'Starlight Advisors'
	},
	groupOperators: [
		{
			email: 'luna@parley.test',
			displayName: 'Luna Vale',
			headline: 'Tarot readings with clarity and warmth',
			bio: 'Fifteen years of tarot practice. I read for love, work and the crossroads in between.',
			categories: ['tarot', 'relationships']
		},
		{
			email: 'orion@parley.test',
			displayName: 'Orion Reyes',
			headline: 'Birth charts and transits, explained plainly',
			bio: 'Astrologer and former engineer. I turn your chart into practical next steps.',
			categories: ['astrology', 'career']
		},
		{
			email: 'vega@parley.test',
			displayName: 'Vega Lind',
			headline: 'Numerology for big decisions',
			bio: 'Names, dates and cycles: I help you pick the moment and understand the pattern.',
			categories: ['numerology']
		}
	] satisfies DemoOperator[],
	independentOperator: {
		email: 'sol@parley.test',
		displayName: 'Sol Amari',
		headline: 'Life coaching for people starting over',
		bio: 'Certified coach. Short, focused sessions that end with one concrete action.',
		categories: ['coaching', 'wellbeing']
	} satisfies DemoOperator,
	customers: [
		{ email: 'alice@parley.test', displayName: 'Alice Moreau', balance: 5000 },
		{ email: 'bob@parley.test', displayName: 'Bob Okafor', balance: 2000 }
	]
} as const;

async function createUser(db: Firestore, auth: Auth, email: string, displayName: string) {
	const user = await auth.createUser({
		email,
		password: DEMO_PASSWORD,
		displayName,
		emailVerified: true
	});
	await userRef(db, user.uid).set({
		displayName,
		email,
		role: 'customer',
		groupId: null,
		avatarVersion: 0,
		createdAt: FieldValue.serverTimestamp(),
		updatedAt: FieldValue.serverTimestamp()
	});
	return user.uid;
}

async function createOperator(
	db: Firestore,
	auth: Auth,
	op: DemoOperator,
	groupId: string | null
): Promise<string> {
	const uid = await createUser(db, auth, op.email, op.displayName);
	await applyRole(db, auth, { uid, role: 'operator', groupId });
	await operatorRef(db, uid).update({
		headline: op.headline,
		bio: op.bio,
		categories: op.categories
	});
	return uid;
}

export interface SeedSummary {
	password: string;
	accounts: { role: string; email: string; name: string; note: string }[];
}

export async function seed(db: Firestore, auth: Auth): Promise<SeedSummary> {
	if (!demoEmulators()) {
		throw new Error('The demo seed runs against the emulators of a demo- project only.');
	}
	const existing = await auth.getUserByEmail(DEMO.admin.email).catch(() => null);
	if (existing) throw new Error('Demo data is already present.');

	const accounts: SeedSummary['accounts'] = [];
	const adminUid = await createUser(db, auth, DEMO.admin.email, DEMO.admin.displayName);
	await applyRole(db, auth, { uid: adminUid, role: 'admin', groupId: null });
	accounts.push({ role: 'Admin', email: DEMO.admin.email, name: DEMO.admin.displayName, note: '' });

	await settingsRef(db).set({
		commissionBps: DEFAULTS.commissionBps,
		lockMinCents: DEFAULTS.lockMinCents as Cents,
		lockMaxCents: DEFAULTS.lockMaxCents as Cents,
		currency: DEFAULTS.currency,
		updatedAt: FieldValue.serverTimestamp()
	});

	const ownerUid = await createUser(db, auth, DEMO.groupOwner.email, DEMO.groupOwner.displayName);
	const groupId = await createGroup(db, auth, {
		name: DEMO.groupOwner.group,
		ownerUid,
		groupId: 'starlight'
	});
	accounts.push({
		role: 'Group owner',
		email: DEMO.groupOwner.email,
		name: DEMO.groupOwner.displayName,
		note: DEMO.groupOwner.group
	});
	for (const op of DEMO.groupOperators) {
		await createOperator(db, auth, op, groupId);
		accounts.push({
			role: 'Operator',
			email: op.email,
			name: op.displayName,
			note: DEMO.groupOwner.group
		});
	}
	const sol = DEMO.independentOperator;
	await createOperator(db, auth, sol, null);
	accounts.push({ role: 'Operator', email: sol.email, name: sol.displayName, note: 'independent' });

	for (const c of DEMO.customers) {
		const uid = await createUser(db, auth, c.email, c.displayName);
		await topUp(db, { uid, amount: c.balance as Cents, provider: 'demo', key: `seed:${uid}` });
		accounts.push({
			role: 'Customer',
			email: c.email,
			name: c.displayName,
			note: `balance $${(c.balance / 100).toFixed(2)}`
		});
	}
	return { password: DEMO_PASSWORD, accounts };
}
