/**
 * Shared setup of the rules tests: one test environment per file against the Firestore emulator
 * (started by `npm test -- rules`), an empty database before every test, and the people the
 * tests act as. Tests seed with the rules disabled, then assert as one person at a time.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	assertFails,
	assertSucceeds,
	initializeTestEnvironment,
	type RulesTestEnvironment,
	type TokenOptions
} from '@firebase/rules-unit-testing';
import {
	doc,
	getDoc,
	setDoc,
	setLogLevel,
	Timestamp,
	type DocumentData,
	type Firestore
} from 'firebase/firestore';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { meterStep, type MeterName } from '$shared/meters';
import { openedWindow, type ChatSide } from '$shared/chat';
import { meterFields, meterStateOf } from '../../src/lib/data/meter-fields';

export const RULES_PATH = fileURLToPath(new URL('../../firestore.rules', import.meta.url));

function emulatorAddress(): { host: string; port: number } {
	const address = process.env.FIRESTORE_EMULATOR_HOST;
	if (!address) {
		throw new Error(
			'FIRESTORE_EMULATOR_HOST is not set: run these tests with `npm test -- rules`.'
		);
	}
	const at = address.lastIndexOf(':');
	return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}

// Denied writes are what most tests expect; the SDK would log each one as a warning.
setLogLevel('error');

let env: RulesTestEnvironment | undefined;

/**
 * Registers the hooks of a rules test file and returns an accessor for its environment.
 * Call once at the top of each file.
 */
export function useRulesEnv(): () => RulesTestEnvironment {
	beforeAll(async () => {
		env = await initializeTestEnvironment({
			projectId: process.env.GCLOUD_PROJECT ?? 'demo-parley-rules',
			firestore: { ...emulatorAddress(), rules: readFileSync(RULES_PATH, 'utf8') }
		});
	});
	beforeEach(async () => {
		await testEnv().clearFirestore();
	});
	afterAll(async () => {
		await saveCoverage();
		await env?.cleanup();
		env = undefined;
	});
	return testEnv;
}

/**
 * Each file loads the rules afresh, which restarts the emulator's coverage report: the file's
 * report is saved before it ends, for the rules tier's coverage gate (scripts/rules-run.mjs).
 */
async function saveCoverage() {
	const dir = process.env.PARLEY_RULES_COVERAGE_DIR;
	if (!dir || !env) return;
	const { host, port } = emulatorAddress();
	const url = `http://${host}:${port}/emulator/v1/projects/${env.projectId}:ruleCoverage`;
	const response = await fetch(url);
	if (!response.ok) throw new Error(`Rules coverage: ${response.status} from ${url}`);
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, `${randomUUID()}.json`), await response.text());
}

function testEnv(): RulesTestEnvironment {
	if (!env) throw new Error('useRulesEnv() must be called at the top of the test file.');
	return env;
}

// The context's Firestore is the compat class; the modular functions accept it (they unwrap it),
// only its declared type differs.
function firestoreOf(context: { firestore(): unknown }): Firestore {
	return context.firestore() as Firestore;
}

/** Someone who is not signed in. */
export function anonymous(): Firestore {
	return firestoreOf(testEnv().unauthenticatedContext());
}

const uids = new WeakMap<Firestore, string>();

/** The uid a signed-in client of these helpers writes as (null: not signed in). */
export function uidOf(db: Firestore): string | null {
	return uids.get(db) ?? null;
}

/** A signed-in account with the given claims; `email` defaults to `<uid>@parley.test`. */
export function signedIn(uid: string, claims: TokenOptions = {}): Firestore {
	const db = firestoreOf(
		testEnv().authenticatedContext(uid, { email: `${uid}@parley.test`, ...claims })
	);
	uids.set(db, uid);
	return db;
}

/**
 * The fields of a flood-meter step as the app merges them into the writer's party document with
 * each message or signal: `restart` a new window, `count` one more.
 */
export function meterStepFields(name: MeterName, step: 'restart' | 'count') {
	return meterFields(name, { kind: step });
}

/** A party document as the server writes it when a chat starts (openedWindow), dated PAST. */
export function openedParty(role: ChatSide) {
	return openedWindow(role, PAST);
}

/**
 * The step the app would write next for the signed-in writer of `db` in `sessionId`, from its
 * party document as stored (meterStep); `restart` when it cannot read one.
 */
export async function nextStep(
	db: Firestore,
	sessionId: string,
	name: MeterName
): Promise<'restart' | 'count'> {
	const uid = uidOf(db);
	if (!uid) return 'restart';
	const snap = await getDoc(doc(db, `sessions/${sessionId}/parties/${uid}`)).catch(() => null);
	const step = meterStep(meterStateOf(snap?.data(), name), name, Date.now());
	return step.kind === 'count' ? 'count' : 'restart';
}

/** A customer: no role claim. */
export function customer(uid: string): Firestore {
	return signedIn(uid);
}

/** An operator, optionally listed under a group. */
export function operator(uid: string, groupId?: string): Firestore {
	return signedIn(uid, groupId ? { role: 'operator', groupId } : { role: 'operator' });
}

export function groupOwner(uid: string, groupId: string): Firestore {
	return signedIn(uid, { role: 'groupOwner', groupId });
}

export function admin(uid = 'admin'): Firestore {
	return signedIn(uid, { role: 'admin' });
}

/** Writes documents with the rules disabled (as the server would). Keys are document paths. */
export async function seed(docs: Record<string, DocumentData>): Promise<void> {
	await testEnv().withSecurityRulesDisabled(async (context) => {
		const db = firestoreOf(context);
		for (const [path, data] of Object.entries(docs)) await setDoc(doc(db, path), data);
	});
}

/** A fixed moment in the past: a client-chosen time that is not the server's request time. */
export const PAST = Timestamp.fromDate(new Date('2024-01-01T00:00:00Z'));

/** One row of a who-may-do-what table. */
export interface Who {
	who: string;
	db: () => Firestore;
	allowed: boolean;
}

/** Asserts that `operation` is allowed or denied by the rules. */
export async function expectAccess(allowed: boolean, operation: Promise<unknown>): Promise<void> {
	if (allowed) await assertSucceeds(operation);
	else await assertFails(operation);
}
