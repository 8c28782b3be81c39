/**
 * What the chat tests share: the demo accounts signed in afresh before each test (`token`, `uid`
 * by first name), panels kept beating, and the chat steps as callables. The background sweeper of
 * the test runner runs meanwhile, so every panel used is kept alive.
 */
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { FUNCTIONS_ORIGIN, PROJECT_ID, callFunction, resetAndSeed, signIn } from '../emulator';
import { db, uidOf } from './admin-sdk';
import { expectOk } from './expect-call';
import { DEFAULTS } from '$shared/config';

const PASSWORD = 'parley-demo';
/** The ringing limits the functions run with (functions/src/config.ts ringLimits). */
export const RINGS = {
	cooldownSeconds: Number(process.env.CHAT_RING_COOLDOWN_SECONDS ?? DEFAULTS.ringCooldownSeconds),
	perMinute: Number(process.env.CHAT_RINGS_PER_MINUTE ?? DEFAULTS.ringsPerMinute)
};
/** The window timeout the functions run with (DEFAULTS.windowTimeoutSeconds unless changed). */
export const GRACE = Number(process.env.CHAT_WINDOW_TIMEOUT_SECONDS ?? 30);
const CALLABLES = [
	'chatRequest',
	'chatCancel',
	'chatAnswer',
	'chatExpire',
	'chatEnd',
	'chatRate',
	'chatPeerLost'
];

export type Name = 'owner' | 'luna' | 'orion' | 'sol' | 'alice' | 'bob' | 'admin';
/** ID tokens and uids of the demo accounts, by first name: filled in before each test. */
export const token = {} as Record<Name, string>;
export const uid = {} as Record<Name, string>;
let timers: ReturnType<typeof setInterval>[] = [];

/** The hooks: call once at the top of a test file. */
export function useChatAccounts() {
	// The first call of each function starts its worker: done once here, so tests time what they test.
	beforeAll(async () => {
		await Promise.all(CALLABLES.map((name) => callFunction(name, null)));
	});

	beforeEach(async () => {
		lastAsked.clear();
		await resetAndSeed();
		const names: Name[] = ['owner', 'luna', 'orion', 'sol', 'alice', 'bob', 'admin'];
		for (const name of names) {
			token[name] = await signIn(`${name}@parley.test`, PASSWORD);
			uid[name] = await uidOf(`${name}@parley.test`);
		}
	});

	afterEach(() => {
		for (const t of timers) clearInterval(t);
		timers = [];
	});
}

// ---- helpers -----------------------------------------------------------------------------------

/**
 * Opens a panel as `who` and sets operators' status from it. The panel keeps beating (the runner's
 * sweep closes a silent panel within seconds) until the test ends.
 */
export async function panel(who: Name, operators: Name[], status = 'online') {
	const opened = expectOk(
		await callFunction<{ panelId: string }>('presenceOpenPanel', {}, token[who])
	);
	const panelId = opened.panelId;
	const beat = () => db().doc(`panels/${panelId}`).update({ heartbeatAt: new Date() });
	timers.push(setInterval(() => void beat().catch(() => undefined), 1000));
	await setStatus(who, panelId, operators, status);
	return panelId;
}

export async function setStatus(who: Name, panelId: string, operators: Name[], status: string) {
	expectOk(
		await callFunction(
			'presenceSetStatus',
			{ panelId, operatorIds: operators.map((o) => uid[o]), status },
			token[who]
		)
	);
}

/** When each account last asked through ask(), this test (for the ringing cooldown). */
const lastAsked = new Map<Name, number>();

/**
 * Asks for a chat as `who`. Like a person, it waits out the ringing cooldown after its own
 * previous ask in this test first (the limits' own tests set the counter directly).
 */
export async function ask(who: Name, operator: Name) {
	const last = lastAsked.get(who);
	const wait = last === undefined ? 0 : last + RINGS.cooldownSeconds * 1000 + 100 - Date.now();
	if (wait > 0) await new Promise((r) => setTimeout(r, wait));
	lastAsked.set(who, Date.now());
	return callFunction<{ requestId: string; expiresAt: number }>(
		'chatRequest',
		{ operatorId: uid[operator] },
		token[who]
	);
}

export async function asked(who: Name, operator: Name) {
	return expectOk(await ask(who, operator)).requestId;
}

export function answer(who: Name, requestId: string, accept = true) {
	return callFunction<{ sessionId: string | null }>(
		'chatAnswer',
		{ requestId, accept },
		token[who]
	);
}

/** alice asks luna and `who` accepts: returns the session id. */
export async function chatting(who: Name = 'luna', customer: Name = 'alice') {
	const requestId = await asked(customer, 'luna');
	return expectOk(await answer(who, requestId)).sessionId!;
}

export function end(who: Name, sessionId: string) {
	return callFunction<{ endedBy: string; alreadyEnded: boolean }>(
		'chatEnd',
		{ sessionId },
		token[who]
	);
}

export function expire(who: Name, requestId: string) {
	return callFunction<{ status: string; sessionId: string | null }>(
		'chatExpire',
		{ requestId },
		token[who]
	);
}

export async function data(path: string) {
	return (await db().doc(path).get()).data();
}

export async function operatorOf(name: Name) {
	return (await data(`operators/${uid[name]}`))!;
}

/** Makes a request ring out: its expiry is moved into the past, as if 45 s had gone by. */
export async function ringOut(requestId: string) {
	await db()
		.doc(`requests/${requestId}`)
		.update({ expiresAt: new Date(Date.now() - 1000) });
}

export async function sweep() {
	const r = await fetch(`${FUNCTIONS_ORIGIN}/${PROJECT_ID}/us-central1/presenceSweepLocal`, {
		method: 'POST'
	});
	expect(r.ok).toBe(true);
	return (await r.json()) as Record<string, number>;
}

export async function messages(sessionId: string) {
	const snap = await db().collection(`sessions/${sessionId}/messages`).orderBy('createdAt').get();
	return snap.docs.map((d) => ({ id: d.id, ...d.data() }));
}

export async function partyIds(sessionId: string) {
	const snap = await db().collection(`sessions/${sessionId}/parties`).get();
	return snap.docs.map((d) => d.id).sort();
}

export async function count(collection: string) {
	return (await db().collection(collection).count().get()).data().count;
}
