/**
 * A chat window that goes away, on the server: the leave beacon (a clean close: it ends the chat
 * for its side after the leave grace unless the window came back), chatPeerLost (a window asks
 * about the other side gone silent), and all of them racing each other, a reload and the sweep.
 * The windows write their party documents through the web SDK as their own person, so the rules
 * decide as they do for the app (tests/web-client.ts); the beacon is posted as the browser posts
 * it (text/plain).
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { doc, serverTimestamp, setDoc } from 'firebase/firestore';
import { DEFAULTS } from '$shared/config';
import { FUNCTIONS_ORIGIN, PROJECT_ID, callFunction } from '../emulator';
import { Client } from '../web-client';
import { db } from './admin-sdk';
import { expectOk, expectRefused } from './expect-call';
import {
	GRACE,
	chatting,
	data,
	end,
	messages,
	operatorOf,
	panel,
	partyIds,
	sweep,
	token,
	uid,
	useChatAccounts,
	type Name
} from './chat-kit';

useChatAccounts();

/** The leave grace the functions run with. */
const LEAVE_GRACE_MS =
	Number(process.env.CHAT_LEAVE_GRACE_SECONDS ?? DEFAULTS.leaveGraceSeconds) * 1000;

let clients: Client[] = [];
afterEach(async () => {
	await Promise.all(clients.map((c) => c.close()));
	clients = [];
});

/** One open chat window of `who`: its leave key, and its writes as the app makes them. */
async function openWindow(who: Name, sessionId: string, side: 'customer' | 'operator') {
	const client = await Client.signIn(`${who}@parley.test`, 'parley-demo');
	clients.push(client);
	const ref = doc(client.db, 'sessions', sessionId, 'parties', client.uid);
	const window = {
		key: '',
		/** A window load's first write (a reload makes a new key): cancels an announced close. */
		async announce() {
			window.key = randomBytes(24).toString('base64url');
			await setDoc(ref, {
				role: side,
				seenAt: serverTimestamp(),
				typingAt: null,
				leaveKeyHash: createHash('sha256').update(window.key).digest('hex'),
				leavingAt: null
			});
		},
		/** navigator.sendBeacon(CHAT_BEACON_PATH, …) from this window. */
		leave(overrides: Record<string, unknown> = {}) {
			return beacon({ sessionId, uid: client.uid, leaveKey: window.key, ...overrides });
		}
	};
	await window.announce();
	return window;
}

async function beacon(body: unknown) {
	const response = await fetch(`${FUNCTIONS_ORIGIN}/${PROJECT_ID}/us-central1/chatBeacon`, {
		method: 'POST',
		headers: { 'content-type': 'text/plain;charset=UTF-8' },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
	const text = await response.text();
	return { status: response.status, text, outcome: response.ok ? JSON.parse(text).outcome : null };
}

/** Everything a chat's end writes, to show that a refused beacon wrote nothing. */
async function chatState(sessionId: string, operator: Name = 'luna') {
	const session = db().doc(`sessions/${sessionId}`);
	const sub = async (name: string) =>
		(await session.collection(name).get()).docs.map((d) => [d.id, d.data()]);
	return {
		session: (await session.get()).data(),
		parties: await sub('parties'),
		messages: await sub('messages'),
		locks: await sub('locks'),
		operator: await operatorOf(operator)
	};
}

function lockCreate(sessionId: string) {
	return callFunction<{ lockId: string }>(
		'lockCreate',
		{ sessionId, priceCents: 500, description: 'A full reading' },
		token.luna
	);
}

describe('the leave beacon', () => {
	it('the operator closes its window: after the grace the chat ends for both, as an End would', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		const luna = await openWindow('luna', sessionId, 'operator');
		await openWindow('alice', sessionId, 'customer');

		const sent = Date.now();
		const answer = await luna.leave();
		expect(answer).toMatchObject({ status: 200, outcome: 'ended' });
		expect(Date.now() - sent).toBeGreaterThanOrEqual(LEAVE_GRACE_MS);
		expect(await data(`sessions/${sessionId}`)).toMatchObject({
			status: 'ended',
			endedBy: 'operator'
		});
		expect((await messages(sessionId)).at(-1)).toMatchObject({
			event: 'operatorLeft',
			text: 'Luna Vale has left the chat.'
		});
		expect(await operatorOf('luna')).toMatchObject({ status: 'online', activeSessions: 0 });
		expect(await partyIds(sessionId)).toEqual([]);
	});

	it('the customer closes theirs: the chat ends, the operator is free again', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		await openWindow('luna', sessionId, 'operator');
		const alice = await openWindow('alice', sessionId, 'customer');
		expect(await alice.leave()).toMatchObject({ status: 200, outcome: 'ended' });
		expect(await data(`sessions/${sessionId}`)).toMatchObject({ endedBy: 'customer' });
		expect((await messages(sessionId)).at(-1)).toMatchObject({ event: 'customerLeft' });
		expect(await operatorOf('luna')).toMatchObject({ status: 'online', activeSessions: 0 });
	});

	it('a reload within the grace cancels the end: the new load writes its window again', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		const luna = await openWindow('luna', sessionId, 'operator');
		const closing = luna.leave();
		// The beacon has marked the window leaving; the reloaded page writes it anew.
		await expect
			.poll(async () => (await data(`sessions/${sessionId}/parties/${uid.luna}`))?.leavingAt)
			.not.toBeNull();
		const oldKey = luna.key;
		await luna.announce();
		expect(await closing).toMatchObject({ status: 200, outcome: 'returned' });
		expect(await data(`sessions/${sessionId}`)).toMatchObject({ status: 'active' });
		expect(await operatorOf('luna')).toMatchObject({ status: 'busy', activeSessions: 1 });
		// The old page's key is spent: replaying its beacon finds no window.
		expect((await luna.leave({ leaveKey: oldKey })).status).toBe(404);
		expect(await data(`sessions/${sessionId}`)).toMatchObject({ status: 'active' });
	});

	it("the group owner's window stays open: the operator's close ends nothing", async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		const luna = await openWindow('luna', sessionId, 'operator');
		await openWindow('owner', sessionId, 'operator');
		expect(await luna.leave()).toMatchObject({ status: 200, outcome: 'stayed' });
		expect(await data(`sessions/${sessionId}`)).toMatchObject({ status: 'active' });
		// The closed window's document is gone; the owner's and the customer's stay.
		expect(await partyIds(sessionId)).toEqual([uid.alice, uid.owner].sort());
	});

	it('a customer who leaves while an offer waits (to top up) is held, not ended', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		expectOk(await lockCreate(sessionId));
		const alice = await openWindow('alice', sessionId, 'customer');
		expect(await alice.leave()).toMatchObject({ status: 200, outcome: 'held' });
		expect(await data(`sessions/${sessionId}`)).toMatchObject({
			status: 'active',
			lockPending: true
		});
		// Back from the wallet: the window writes itself again and the chat goes on.
		await alice.announce();
		expect((await data(`sessions/${sessionId}/parties/${uid.alice}`))!.leavingAt).toBeNull();
	});

	it('refuses what is not a live window of a live chat, with a clear status, and writes nothing', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		const luna = await openWindow('luna', sessionId, 'operator');
		const before = await chatState(sessionId);
		const refusals: [unknown, number][] = [
			['not json', 400],
			[{}, 400],
			[{ sessionId, uid: uid.luna }, 400],
			[{ sessionId, uid: uid.luna, leaveKey: 'short' }, 400],
			[{ sessionId, uid: uid.luna, leaveKey: luna.key, extra: 1 }, 400],
			[{ sessionId: 'a/b', uid: uid.luna, leaveKey: luna.key }, 400],
			// Another key, another person's window, someone who takes no part, no such chat.
			[{ sessionId, uid: uid.luna, leaveKey: randomBytes(24).toString('base64url') }, 404],
			[{ sessionId, uid: uid.alice, leaveKey: luna.key }, 404],
			[{ sessionId, uid: uid.bob, leaveKey: luna.key }, 404],
			[{ sessionId: 'no-such-chat', uid: uid.luna, leaveKey: luna.key }, 404]
		];
		for (const [body, status] of refusals) {
			const answer = await beacon(body);
			expect(answer.status, JSON.stringify(body)).toBe(status);
			expect(answer.text.length).toBeGreaterThan(0);
		}
		const get = await fetch(`${FUNCTIONS_ORIGIN}/${PROJECT_ID}/us-central1/chatBeacon`, {
			method: 'PUT'
		});
		expect(get.status).toBe(405);
		expect(await chatState(sessionId)).toEqual(before);

		// After the chat ended: a window document left over answers 409, a replay finds nothing.
		expectOk(await end('alice', sessionId));
		expect((await luna.leave()).status).toBe(404);
		const ended = await chatState(sessionId);
		await db()
			.doc(`sessions/${sessionId}/parties/${uid.luna}`)
			.set({
				role: 'operator',
				seenAt: new Date(),
				typingAt: null,
				leaveKeyHash: createHash('sha256').update(luna.key).digest('hex'),
				leavingAt: null
			});
		expect(await luna.leave()).toMatchObject({ status: 409, text: 'This chat has already ended.' });
		expect((await data(`sessions/${sessionId}/parties/${uid.luna}`))!.leavingAt).toBeNull();
		expect((await chatState(sessionId)).session).toEqual(ended.session);
	});
});

describe('chatPeerLost', () => {
	const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);

	it("ends the chat once the other side's windows are silent past the timeout, on the server's clock", async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		const ask = () =>
			callFunction<{ ended: boolean; reason: string }>('chatPeerLost', { sessionId }, token.luna);
		// Alice is still there: nothing happens, whatever the asking window believes.
		expect(expectOk(await ask())).toEqual({ ended: false, reason: 'here' });
		expect((await data(`sessions/${sessionId}`))!.status).toBe('active');

		await db()
			.doc(`sessions/${sessionId}/parties/${uid.alice}`)
			.update({ seenAt: ago(GRACE + 1) });
		expect(expectOk(await ask())).toEqual({ ended: true, reason: 'ended' });
		expect(await data(`sessions/${sessionId}`)).toMatchObject({
			status: 'ended',
			endedBy: 'customerTimeout'
		});
		expect(await operatorOf('luna')).toMatchObject({ status: 'online', activeSessions: 0 });
		expect(expectOk(await ask())).toEqual({ ended: false, reason: 'over' });
	});

	it('the customer asking about a silent operator side ends it as a timeout', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('owner');
		await db()
			.doc(`sessions/${sessionId}/parties/${uid.owner}`)
			.update({ seenAt: ago(GRACE + 1) });
		// Asking about its own side changes nothing: only the other side is checked.
		expect(expectOk(await callFunction('chatPeerLost', { sessionId }, token.luna))).toMatchObject({
			ended: false
		});
		expect(expectOk(await callFunction('chatPeerLost', { sessionId }, token.alice))).toMatchObject({
			ended: true
		});
		expect(await data(`sessions/${sessionId}`)).toMatchObject({ endedBy: 'timeout' });
	});

	it('holds a silent customer while an offer waits for them', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		expectOk(await lockCreate(sessionId));
		await db()
			.doc(`sessions/${sessionId}/parties/${uid.alice}`)
			.update({ seenAt: ago(GRACE * 4) });
		expect(expectOk(await callFunction('chatPeerLost', { sessionId }, token.luna))).toEqual({
			ended: false,
			reason: 'held'
		});
		expect((await data(`sessions/${sessionId}`))!.status).toBe('active');
	});

	it('refuses bad payloads and people who take no part, changing nothing', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		await db()
			.doc(`sessions/${sessionId}/parties/${uid.alice}`)
			.update({ seenAt: ago(GRACE + 1) });
		const before = await chatState(sessionId);
		for (const bad of [{}, { sessionId: 3 }, { sessionId: 'a/b' }, { sessionId, now: 1 }]) {
			expectRefused(await callFunction('chatPeerLost', bad, token.luna), 'INVALID_ARGUMENT');
		}
		expectRefused(await callFunction('chatPeerLost', { sessionId }, token.bob), 'NOT_FOUND');
		expectRefused(await callFunction('chatPeerLost', { sessionId }, token.sol), 'NOT_FOUND');
		expectRefused(await callFunction('chatPeerLost', { sessionId }), 'UNAUTHENTICATED');
		expect(await chatState(sessionId)).toEqual(before);
	});
});

describe('ending races', () => {
	it('both sides closing, End, chatPeerLost, the sweep and a reload at once: ended exactly once', async () => {
		await panel('owner', ['luna']);
		for (let round = 0; round < 4; round++) {
			const sessionId = await chatting('luna');
			const { lockId } = expectOk(await lockCreate(sessionId));
			const luna = await openWindow('luna', sessionId, 'operator');
			const alice = await openWindow('alice', sessionId, 'customer');
			// Both windows look silent to the sweep and to chatPeerLost.
			const stale = new Date(Date.now() - (GRACE + 5) * 1000);
			await db().doc(`sessions/${sessionId}/parties/${uid.luna}`).update({ seenAt: stale });
			await db().doc(`sessions/${sessionId}/parties/${uid.alice}`).update({ seenAt: stale });

			const racers = [
				luna.leave(),
				alice.leave(),
				luna.leave(),
				sweep(),
				end('alice', sessionId),
				callFunction('chatPeerLost', { sessionId }, token.alice),
				new Promise((resolve) => setTimeout(resolve, LEAVE_GRACE_MS / 2)).then(() =>
					luna.announce().catch(() => undefined)
				)
			];
			await Promise.all(racers);

			const session = (await data(`sessions/${sessionId}`))!;
			expect(session.status, `round ${round}`).toBe('ended');
			const ends = (await messages(sessionId)).filter((m) =>
				['operatorLeft', 'customerLeft', 'timedOut', 'customerTimedOut'].includes(
					String((m as { event?: string }).event)
				)
			);
			expect(ends).toHaveLength(1);
			// Freed once: a second end would have taken the count below zero.
			expect(await operatorOf('luna')).toMatchObject({ status: 'online', activeSessions: 0 });
			// The pending offer was withdrawn by the one end, and nobody was charged.
			expect(await data(`sessions/${sessionId}/locks/${lockId}`)).toMatchObject({
				status: 'withdrawn',
				transferId: null
			});
			expect(await partyIds(sessionId)).toEqual([]);
		}
	}, 120_000);
});
