/**
 * Chat requests and sessions against the emulators: asking, the first-accept-wins race, decline,
 * cancel, expiry (by a participant and by the sweep) and the miss policy, ending (by either side
 * and by the sweep when a side's windows are gone), and rating. Accounts come from the demo seed
 * (./chat-kit); every assertion holds whichever sweep got there first.
 */
import { describe, expect, it } from 'vitest';
import { callFunction } from '../emulator';
import { db } from './admin-sdk';
import { expectOk, expectRefused } from './expect-call';
import {
	GRACE,
	type Name,
	panel,
	setStatus,
	ask,
	asked,
	answer,
	chatting,
	end,
	expire,
	data,
	operatorOf,
	ringOut,
	sweep,
	messages,
	partyIds,
	count,
	token,
	uid,
	useChatAccounts,
	RINGS
} from './chat-kit';

const ALREADY_ANSWERED = 'This request was already answered in another window.';

useChatAccounts();

// ---- asking ------------------------------------------------------------------------------------

describe('chatRequest', () => {
	it('rings an online operator for 45 s, and asking again returns the same request', async () => {
		await panel('owner', ['luna']);
		const before = Date.now();
		const r = expectOk(await ask('alice', 'luna'));
		expect(r.expiresAt).toBeGreaterThanOrEqual(before + 44_000);
		expect(r.expiresAt).toBeLessThanOrEqual(Date.now() + 46_000);
		expect(await data(`requests/${r.requestId}`)).toMatchObject({
			customerUid: uid.alice,
			customerName: 'Alice Moreau',
			operatorId: uid.luna,
			operatorName: 'Luna Vale',
			groupId: 'starlight',
			status: 'ringing',
			answeredAt: null,
			answeredByUid: null,
			sessionId: null
		});
		expect(expectOk(await ask('alice', 'luna'))).toEqual(r);
		expect(await count('requests')).toBe(1);
	});

	it('allows one ringing request per customer, even when asked at the same moment', async () => {
		await panel('owner', ['luna', 'orion']);
		const [a, b] = await Promise.all([ask('alice', 'luna'), ask('alice', 'orion')]);
		const ok = [a, b].filter((r) => r.result);
		expect(ok).toHaveLength(1);
		const refused = [a, b].find((r) => r.error)!;
		expect(expectRefused(refused, 'FAILED_PRECONDITION')).toMatch(/is still ringing\. Cancel it/);
		expect(await count('requests')).toBe(1);
		// Another customer may ask the same operator meanwhile.
		expectOk(await ask('bob', 'luna'));
	});

	it('after the ringing request is answered, cancelled or expired, the customer may ask again', async () => {
		await panel('owner', ['luna', 'orion']);
		const first = await asked('alice', 'luna');
		expect((await data(`users/${uid.alice}`))!.ringingRequestId).toBe(first);
		expectOk(await callFunction('chatCancel', { requestId: first }, token.alice));
		const second = await asked('alice', 'orion');
		expect(second).not.toBe(first);
		await ringOut(second);
		const third = await asked('alice', 'luna');
		expect((await data(`users/${uid.alice}`))!.ringingRequestId).toBe(third);
		expect(await count('requests')).toBe(3);
	});

	it('only the customer’s own request counts as its ringing one', async () => {
		await panel('owner', ['luna', 'orion']);
		const bobs = await asked('bob', 'luna');
		// A user document naming someone else's request (it cannot be written from the app; made
		// here with the Admin SDK) neither blocks alice nor hands her bob's request.
		await db().doc(`users/${uid.alice}`).update({ ringingRequestId: bobs });
		const alices = await asked('alice', 'luna');
		expect(alices).not.toBe(bobs);
		expect((await data(`requests/${alices}`))!.customerUid).toBe(uid.alice);
		expect(expectRefused(await ask('alice', 'orion'), 'FAILED_PRECONDITION')).toMatch(
			/^Your request to Luna[^.]* is still ringing\./
		);
	});

	it('refuses operators who are offline, away or busy, with a sentence naming them', async () => {
		expect(expectRefused(await ask('alice', 'luna'), 'FAILED_PRECONDITION')).toBe(
			'Luna Vale is offline right now. Choose another advisor, or try again later.'
		);
		const panelId = await panel('owner', ['luna'], 'away');
		expect(expectRefused(await ask('alice', 'luna'), 'FAILED_PRECONDITION')).toMatch(
			/^Luna Vale is away right now\./
		);
		await setStatus('owner', panelId, ['luna'], 'online');
		await chatting('luna', 'bob');
		expect(expectRefused(await ask('alice', 'luna'), 'FAILED_PRECONDITION')).toMatch(
			/^Luna Vale is in another chat right now\./
		);
		expect(await count('requests')).toBe(1);
	});

	it('refuses work accounts, anonymous callers and unknown operators', async () => {
		await panel('owner', ['luna']);
		for (const who of ['owner', 'orion', 'admin'] as const) {
			expect(expectRefused(await ask(who, 'luna'), 'PERMISSION_DENIED')).toMatch(
				/customer account/
			);
		}
		expectRefused(await callFunction('chatRequest', { operatorId: uid.luna }), 'UNAUTHENTICATED');
		expectRefused(
			await callFunction('chatRequest', { operatorId: uid.alice }, token.bob),
			'NOT_FOUND'
		);
		expect(await count('requests')).toBe(0);
	});

	it('refuses bad payloads with a sentence and writes nothing', async () => {
		await panel('owner', ['luna']);
		for (const bad of [
			null,
			{},
			{ operatorId: 42 },
			{ operatorId: '../operators/x' },
			{ operatorId: 'x'.repeat(500) },
			{ operatorId: uid.luna, note: 'hi' }
		]) {
			expectRefused(await callFunction('chatRequest', bad, token.alice), 'INVALID_ARGUMENT');
		}
		expect(await count('requests')).toBe(0);
	});
});

// ---- ringing limits -----------------------------------------------------------------------------

describe('chatRequest limits', () => {
	const limitDoc = () => db().doc(`rateLimits/ring:${uid.alice}`);
	/** Alice's ringing as the server counted it: the latest new request, and the minute's count. */
	const rang = (lastAgoMs: number, count: number, sinceAgoMs: number) =>
		limitDoc().set({
			lastAt: new Date(Date.now() - lastAgoMs),
			count,
			since: new Date(Date.now() - sinceAgoMs)
		});

	it('counts each new request, not an ask again of the one that rings', async () => {
		await panel('owner', ['luna']);
		const before = Date.now();
		const first = await asked('alice', 'luna');
		expect(await asked('alice', 'luna')).toBe(first);
		const counted = (await limitDoc().get()).data()!;
		expect(counted.count).toBe(1);
		expect(counted.lastAt.toMillis()).toBeGreaterThanOrEqual(before - 1000);
		expect(counted.since.toMillis()).toBe(counted.lastAt.toMillis());
	});

	it(`a cooldown between new requests: asking again at once is refused, with a sentence`, async () => {
		await panel('owner', ['luna']);
		await rang(0, 1, 0);
		const refused = expectRefused(await ask('alice', 'luna'), 'RESOURCE_EXHAUSTED');
		expect(refused).toMatch(/^You asked a moment ago\. Wait \d+ s before asking again\.$/);
		expect(await count('requests')).toBe(0);
		expect((await limitDoc().get()).get('count')).toBe(1);
		await rang(RINGS.cooldownSeconds * 1000 + 500, 1, RINGS.cooldownSeconds * 1000 + 500);
		expectOk(await ask('alice', 'luna'));
		expect((await limitDoc().get()).get('count')).toBe(2);
	});

	it('at most so many new requests a minute; a new minute starts the count again', async () => {
		await panel('owner', ['luna']);
		const cooled = RINGS.cooldownSeconds * 1000 + 500;
		await rang(cooled, RINGS.perMinute, 20_000);
		const refused = expectRefused(await ask('alice', 'luna'), 'RESOURCE_EXHAUSTED');
		expect(refused).toMatch(
			new RegExp(
				`^You have asked for ${RINGS.perMinute} chats in the last minute\\. Wait (39|40) s`
			)
		);
		expect(await count('requests')).toBe(0);
		// Another customer is not held back by alice's count.
		expectOk(await ask('bob', 'luna'));
		await rang(cooled, RINGS.perMinute, 61_000);
		expectOk(await ask('alice', 'luna'));
		const counted = (await limitDoc().get()).data()!;
		expect(counted.count).toBe(1);
		expect(counted.since.toMillis()).toBeGreaterThan(Date.now() - 10_000);
	});
});

// ---- answering ---------------------------------------------------------------------------------

describe('chatAnswer', () => {
	it('accepting opens the session, makes the operator busy and declines its other requests', async () => {
		await panel('owner', ['luna']);
		const aliceRequest = await asked('alice', 'luna');
		const bobRequest = await asked('bob', 'luna');
		await db().doc(`operators/${uid.luna}`).update({ missStreak: 2 });

		const { sessionId } = expectOk(await answer('luna', aliceRequest));
		expect(sessionId).toBe(aliceRequest);
		expect(await data(`sessions/${sessionId}`)).toMatchObject({
			requestId: aliceRequest,
			customerUid: uid.alice,
			customerName: 'Alice Moreau',
			operatorId: uid.luna,
			operatorName: 'Luna Vale',
			groupId: 'starlight',
			status: 'active',
			endedAt: null,
			endedBy: null,
			lockPending: false,
			rating: null,
			heartbeatSeconds: Number(process.env.PRESENCE_HEARTBEAT_SECONDS ?? 10),
			windowTimeoutSeconds: GRACE
		});
		expect(await data(`requests/${aliceRequest}`)).toMatchObject({
			status: 'accepted',
			answeredByUid: uid.luna,
			sessionId
		});
		expect(await operatorOf('luna')).toMatchObject({
			status: 'busy',
			statusRank: 1,
			activeSessions: 1,
			chosenStatus: 'online',
			missStreak: 0
		});
		const lines = await messages(sessionId!);
		expect(lines).toEqual([
			expect.objectContaining({
				id: 'system-started',
				authorUid: null,
				authorRole: 'system',
				event: 'started',
				text: 'Luna Vale joined the chat.'
			})
		]);
		expect(await partyIds(sessionId!)).toEqual([uid.alice, uid.luna].sort());
		// Bob's request could no longer be taken: declined rather than left to ring out as a miss.
		expect(await data(`requests/${bobRequest}`)).toMatchObject({
			status: 'declined',
			answeredByUid: null
		});
		expect(expectRefused(await answer('luna', bobRequest), 'FAILED_PRECONDITION')).toBe(
			ALREADY_ANSWERED
		);
	});

	it('the group owner accepts for its operator and takes part under its own uid', async () => {
		await panel('owner', ['luna']);
		const requestId = await asked('alice', 'luna');
		const { sessionId } = expectOk(await answer('owner', requestId));
		expect((await data(`requests/${requestId}`))!.answeredByUid).toBe(uid.owner);
		expect(await partyIds(sessionId!)).toEqual([uid.alice, uid.owner].sort());
		expect((await operatorOf('luna')).status).toBe('busy');
	});

	it('when the operator and its group owner accept at once, exactly one wins', async () => {
		await panel('owner', ['luna']);
		for (let round = 0; round < 4; round++) {
			const requestId = await asked('alice', 'luna');
			const results = await Promise.all([answer('luna', requestId), answer('owner', requestId)]);
			const winners = results.filter((r) => r.result);
			expect(winners, `round ${round}`).toHaveLength(1);
			const loser = results.find((r) => r.error)!;
			expect(expectRefused(loser, 'FAILED_PRECONDITION')).toBe(ALREADY_ANSWERED);
			const winnerUid = results[0]!.result ? uid.luna : uid.owner;
			expect((await data(`requests/${requestId}`))!.answeredByUid).toBe(winnerUid);
			expect(await partyIds(requestId)).toEqual([uid.alice, winnerUid].sort());
			expect((await operatorOf('luna')).activeSessions).toBe(1);
			expectOk(await end('alice', requestId));
			expect((await operatorOf('luna')).status).toBe('online');
		}
		expect(await count('sessions')).toBe(4);
	});

	it('an accept racing the customer’s cancel: exactly one of them happens', async () => {
		await panel('owner', ['luna']);
		for (let round = 0; round < 3; round++) {
			const requestId = await asked('alice', 'luna');
			const [accepted, cancelled] = await Promise.all([
				answer('luna', requestId),
				callFunction<{ status: string }>('chatCancel', { requestId }, token.alice)
			]);
			const request = (await data(`requests/${requestId}`))!;
			if (accepted.result) {
				expect(request.status).toBe('accepted');
				expect(expectRefused(cancelled, 'FAILED_PRECONDITION')).toMatch(/has just accepted/);
				expectOk(await end('luna', requestId));
			} else {
				expect(request.status).toBe('cancelled');
				expect(expectOk(cancelled).status).toBe('cancelled');
				expect(expectRefused(accepted, 'FAILED_PRECONDITION')).toBe(
					'The customer cancelled this request.'
				);
			}
			expect((await operatorOf('luna')).status).toBe('online');
		}
	});

	it('declining tells the customer, forgives misses and leaves the operator online', async () => {
		await panel('owner', ['luna', 'orion']);
		const requestId = await asked('alice', 'luna');
		await db().doc(`operators/${uid.luna}`).update({ missStreak: 2 });
		expect(expectOk(await answer('owner', requestId, false))).toEqual({ sessionId: null });
		expect(await data(`requests/${requestId}`)).toMatchObject({
			status: 'declined',
			answeredByUid: uid.owner,
			sessionId: null
		});
		expect(await operatorOf('luna')).toMatchObject({
			status: 'online',
			missStreak: 0,
			activeSessions: 0
		});
		expect(await count('sessions')).toBe(0);
		expect(expectRefused(await answer('luna', requestId), 'FAILED_PRECONDITION')).toBe(
			ALREADY_ANSWERED
		);
		// The customer may now ask another operator.
		expectOk(await ask('alice', 'orion'));
	});

	it('refuses people who do not manage the operator', async () => {
		await panel('owner', ['luna']);
		const requestId = await asked('alice', 'luna');
		expect(expectRefused(await answer('alice', requestId), 'PERMISSION_DENIED')).toMatch(
			/Only the operator/
		);
		expectRefused(await answer('orion', requestId), 'NOT_FOUND');
		expectRefused(await answer('sol', requestId), 'NOT_FOUND');
		expectRefused(await answer('bob', requestId), 'NOT_FOUND');
		// Admins manage statuses, not chats.
		expectRefused(await answer('admin', requestId), 'NOT_FOUND');
		expectRefused(await callFunction('chatAnswer', { requestId, accept: true }), 'UNAUTHENTICATED');
		expectRefused(await answer('luna', 'no-such-request'), 'NOT_FOUND');
		expect((await data(`requests/${requestId}`))!.status).toBe('ringing');
	});

	it('refuses a second chat while the operator is in one', async () => {
		await panel('owner', ['luna']);
		await chatting('luna', 'alice');
		// A request that was already ringing elsewhere (written as the server would).
		await db()
			.doc('requests/late')
			.set({
				customerUid: uid.bob,
				customerName: 'Bob Okafor',
				operatorId: uid.luna,
				operatorName: 'Luna Vale',
				groupId: 'starlight',
				status: 'ringing',
				createdAt: new Date(),
				expiresAt: new Date(Date.now() + 30_000),
				answeredAt: null,
				answeredByUid: null,
				sessionId: null
			});
		expect(expectRefused(await answer('owner', 'late'), 'FAILED_PRECONDITION')).toBe(
			'Luna Vale is already in a chat. End it before accepting another.'
		);
		expect((await operatorOf('luna')).activeSessions).toBe(1);
	});

	it('refuses bad payloads with a sentence and changes nothing', async () => {
		await panel('owner', ['luna']);
		const requestId = await asked('alice', 'luna');
		for (const bad of [
			{ requestId },
			{ requestId, accept: 'yes' },
			{ requestId, accept: 1 },
			{ requestId: 7, accept: true },
			{ requestId, accept: true, sessionId: 'x' }
		]) {
			expectRefused(await callFunction('chatAnswer', bad, token.luna), 'INVALID_ARGUMENT');
		}
		expect((await data(`requests/${requestId}`))!.status).toBe('ringing');
		expect(await count('sessions')).toBe(0);
	});
});

// ---- cancelling --------------------------------------------------------------------------------

describe('chatCancel', () => {
	it('the customer cancels while ringing; again is harmless; nobody can accept it then', async () => {
		await panel('owner', ['luna']);
		const requestId = await asked('alice', 'luna');
		expect(
			expectRefused(
				await callFunction('chatCancel', { requestId }, token.luna),
				'PERMISSION_DENIED'
			)
		).toMatch(/Decline it instead/);
		expectRefused(await callFunction('chatCancel', { requestId }, token.bob), 'NOT_FOUND');
		expect(expectOk(await callFunction('chatCancel', { requestId }, token.alice))).toEqual({
			status: 'cancelled'
		});
		expect(await data(`requests/${requestId}`)).toMatchObject({
			status: 'cancelled',
			answeredByUid: uid.alice
		});
		expect(expectOk(await callFunction('chatCancel', { requestId }, token.alice))).toEqual({
			status: 'cancelled'
		});
		expect(expectRefused(await answer('luna', requestId), 'FAILED_PRECONDITION')).toBe(
			'The customer cancelled this request.'
		);
		expect((await operatorOf('luna')).missStreak).toBe(0);
		expectRefused(
			await callFunction('chatCancel', { requestId: '' }, token.alice),
			'INVALID_ARGUMENT'
		);
	});
});

// ---- expiry and the miss policy ----------------------------------------------------------------

describe('expiry', () => {
	it('chatExpire is refused before expiresAt, then expires once and records one miss', async () => {
		await panel('owner', ['luna']);
		const requestId = await asked('alice', 'luna');
		expect(expectRefused(await expire('alice', requestId), 'FAILED_PRECONDITION')).toMatch(
			/^This request is still ringing for \d+ more seconds?\.$/
		);
		expectRefused(await expire('bob', requestId), 'NOT_FOUND');
		expectRefused(await expire('orion', requestId), 'NOT_FOUND');
		expect((await data(`requests/${requestId}`))!.status).toBe('ringing');

		await ringOut(requestId);
		expect(expectOk(await expire('alice', requestId))).toEqual({
			status: 'expired',
			sessionId: null
		});
		// Every participant's countdown ends: the panel's and the group console's calls change nothing.
		expect(expectOk(await expire('luna', requestId)).status).toBe('expired');
		expect(expectOk(await expire('owner', requestId)).status).toBe('expired');
		expect(await data(`requests/${requestId}`)).toMatchObject({
			status: 'expired',
			answeredAt: null
		});
		expect(await operatorOf('luna')).toMatchObject({ missStreak: 1, status: 'online' });
		expect(expectRefused(await answer('luna', requestId), 'FAILED_PRECONDITION')).toBe(
			'This request has expired.'
		);
	});

	it('an accept after expiresAt finds the request expired, and it counts as a miss', async () => {
		await panel('owner', ['luna']);
		const requestId = await asked('alice', 'luna');
		await ringOut(requestId);
		expect(expectRefused(await answer('luna', requestId), 'FAILED_PRECONDITION')).toBe(
			'This request has expired.'
		);
		expect((await data(`requests/${requestId}`))!.status).toBe('expired');
		expect(await count('sessions')).toBe(0);
		expect((await operatorOf('luna')).missStreak).toBe(1);
	});

	it('a request ringing out while its operator is in a chat is not a miss', async () => {
		await panel('owner', ['luna']);
		const late = await asked('bob', 'luna');
		// alice's chat starts: bob's request is declined with it. One that slipped in between
		// (made here directly) rings against a busy operator.
		await chatting();
		expect((await data(`requests/${late}`))!.status).toBe('declined');
		await db().doc(`requests/${late}`).update({ status: 'ringing' });
		await ringOut(late);
		expect(expectOk(await expire('bob', late)).status).toBe('expired');
		expect(await operatorOf('luna')).toMatchObject({ missStreak: 0, status: 'busy' });
	});

	it('a cancel after expiresAt is an expiry: the request did ring out', async () => {
		await panel('owner', ['luna']);
		const requestId = await asked('alice', 'luna');
		await ringOut(requestId);
		expect(expectOk(await callFunction('chatCancel', { requestId }, token.alice))).toEqual({
			status: 'expired'
		});
		expect((await operatorOf('luna')).missStreak).toBe(1);
	});

	it('3 expiries in a row set the operator offline and tell it and its group owner', async () => {
		await panel('owner', ['luna']);
		for (let i = 1; i <= 3; i++) {
			const requestId = await asked(i % 2 ? 'alice' : 'bob', 'luna');
			await ringOut(requestId);
			expect(expectOk(await expire('luna', requestId)).status).toBe('expired');
			expect((await operatorOf('luna')).status).toBe(i < 3 ? 'online' : 'offline');
		}
		expect(await operatorOf('luna')).toMatchObject({ missStreak: 0, statusPanelId: null });
		const toOwner = await db().collection('notifications').where('toUid', '==', uid.owner).get();
		expect(toOwner.docs.map((d) => d.get('text'))).toEqual([
			'Luna Vale missed 3 chat requests in a row and was set offline.'
		]);
		const toLuna = await db().collection('notifications').where('toUid', '==', uid.luna).get();
		expect(toLuna.size).toBe(1);
		expectRefused(await ask('alice', 'luna'), 'FAILED_PRECONDITION');
	});

	it('the sweep expires requests nobody expired, and only overdue ones', async () => {
		await panel('owner', ['luna', 'orion']);
		const overdue = await asked('alice', 'luna');
		const ringing = await asked('bob', 'orion');
		await ringOut(overdue);
		const counts = await sweep();
		expect(Object.keys(counts).sort()).toEqual(
			[
				'locksExpired',
				'operators',
				'panels',
				'requestsExpired',
				'sessionsEnded',
				'windowsPruned'
			].sort()
		);
		expect((await data(`requests/${overdue}`))!.status).toBe('expired');
		expect((await data(`requests/${ringing}`))!.status).toBe('ringing');
		expect((await operatorOf('luna')).missStreak).toBe(1);
		expect((await operatorOf('orion')).missStreak).toBe(0);
		// A second sweep (or a late chatExpire) does not count the miss again.
		await sweep();
		expect(expectOk(await expire('alice', overdue)).status).toBe('expired');
		expect((await operatorOf('luna')).missStreak).toBe(1);
	});
});

// ---- ending ------------------------------------------------------------------------------------

describe('chatEnd', () => {
	it('the customer leaves: the operator is told and returns to online', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting();
		expectRefused(await end('bob', sessionId), 'NOT_FOUND');
		expectRefused(await end('orion', sessionId), 'NOT_FOUND');
		expect(expectOk(await end('alice', sessionId))).toEqual({
			endedBy: 'customer',
			alreadyEnded: false
		});
		expect(await data(`sessions/${sessionId}`)).toMatchObject({
			status: 'ended',
			endedBy: 'customer'
		});
		expect((await data(`sessions/${sessionId}`))!.endedAt).toBeTruthy();
		expect((await messages(sessionId)).at(-1)).toMatchObject({
			id: 'system-ended',
			authorRole: 'system',
			event: 'customerLeft',
			text: 'Alice Moreau has left the chat.'
		});
		expect(await operatorOf('luna')).toMatchObject({ status: 'online', activeSessions: 0 });
		expect(await partyIds(sessionId)).toEqual([]);
		// Ending again (the other side's button, a retry) changes nothing.
		expect(expectOk(await end('luna', sessionId))).toEqual({
			endedBy: 'customer',
			alreadyEnded: true
		});
		expect(await messages(sessionId)).toHaveLength(2);
		expect((await operatorOf('luna')).activeSessions).toBe(0);
	});

	it('the operator (or its group owner) leaves: the customer is told', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		expect(expectOk(await end('owner', sessionId)).endedBy).toBe('operator');
		expect((await messages(sessionId)).at(-1)).toMatchObject({
			event: 'operatorLeft',
			text: 'Luna Vale has left the chat.'
		});
		expect((await operatorOf('luna')).status).toBe('online');
	});

	it('returns the operator to away when its panel chose away during the chat', async () => {
		const panelId = await panel('owner', ['luna']);
		const sessionId = await chatting();
		await setStatus('owner', panelId, ['luna'], 'away');
		expect((await operatorOf('luna')).status).toBe('busy');
		expectOk(await end('luna', sessionId));
		expect(await operatorOf('luna')).toMatchObject({ status: 'away', chosenStatus: 'away' });
	});

	it('sets the operator offline when its panel closed during the chat', async () => {
		const panelId = await panel('owner', ['luna']);
		const sessionId = await chatting();
		expectOk(await callFunction('presenceClosePanel', { panelId }, token.owner));
		expect((await operatorOf('luna')).status).toBe('busy');
		expectOk(await end('alice', sessionId));
		expect((await operatorOf('luna')).status).toBe('offline');
	});

	it('refuses bad payloads and unknown sessions', async () => {
		for (const bad of [{}, { sessionId: 1 }, { sessionId: 'a/b' }, { sessionId: 'x', now: true }]) {
			expectRefused(await callFunction('chatEnd', bad, token.alice), 'INVALID_ARGUMENT');
		}
		expectRefused(await end('alice', 'no-such-session'), 'NOT_FOUND');
		expectRefused(await callFunction('chatEnd', { sessionId: 'x' }), 'UNAUTHENTICATED');
	});
});

describe('ending by the sweep', () => {
	const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);

	it('ends a session whose operator window has been silent longer than the timeout', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		// A short gap (a slow network): the window is still there.
		await db()
			.doc(`sessions/${sessionId}/parties/${uid.luna}`)
			.update({ seenAt: ago(GRACE / 3) });
		await sweep();
		expect((await data(`sessions/${sessionId}`))!.status).toBe('active');

		await db()
			.doc(`sessions/${sessionId}/parties/${uid.luna}`)
			.update({ seenAt: ago(GRACE + 1) });
		await sweep();
		expect(await data(`sessions/${sessionId}`)).toMatchObject({
			status: 'ended',
			endedBy: 'timeout'
		});
		expect((await messages(sessionId)).at(-1)).toMatchObject({
			event: 'timedOut',
			authorRole: 'system'
		});
		expect(await operatorOf('luna')).toMatchObject({ status: 'online', activeSessions: 0 });
		expect(await partyIds(sessionId)).toEqual([]);
	});

	it("ends a session whose customer's window has gone, but not while an offer waits for them", async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		const { lockId } = expectOk(
			await callFunction<{ lockId: string }>(
				'lockCreate',
				{ sessionId, priceCents: 500, description: 'A full reading' },
				token.luna
			)
		);
		// The customer went to top up for the offer: the chat waits for them.
		await db()
			.doc(`sessions/${sessionId}/parties/${uid.alice}`)
			.update({ seenAt: ago(GRACE * 10) });
		await sweep();
		expect((await data(`sessions/${sessionId}`))!.status).toBe('active');

		expectOk(await callFunction('lockWithdraw', { sessionId, lockId }, token.luna));
		await sweep();
		expect(await data(`sessions/${sessionId}`)).toMatchObject({
			status: 'ended',
			endedBy: 'customerTimeout'
		});
		expect((await messages(sessionId)).at(-1)).toMatchObject({
			event: 'customerTimedOut',
			text: 'Alice Moreau has left the chat (their window stopped responding).'
		});
		expect(await operatorOf('luna')).toMatchObject({ status: 'online', activeSessions: 0 });
	});

	it('keeps the session while another operator-side window is open', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('owner');
		// The operator opened the chat too (its window writes its own party document).
		await db().doc(`sessions/${sessionId}/parties/${uid.luna}`).set({
			role: 'operator',
			seenAt: new Date(),
			typingAt: null,
			leaveKeyHash: null,
			leavingAt: null
		});
		await db()
			.doc(`sessions/${sessionId}/parties/${uid.owner}`)
			.update({ seenAt: ago(GRACE * 4) });
		await sweep();
		expect((await data(`sessions/${sessionId}`))!.status).toBe('active');
		// The silent window's document is gone, so it does not come back in every sweep.
		expect(await partyIds(sessionId)).toEqual([uid.alice, uid.luna].sort());

		await db()
			.doc(`sessions/${sessionId}/parties/${uid.luna}`)
			.update({ seenAt: ago(GRACE * 4) });
		await sweep();
		expect(await data(`sessions/${sessionId}`)).toMatchObject({
			status: 'ended',
			endedBy: 'timeout'
		});
		expect((await operatorOf('luna')).activeSessions).toBe(0);
	});

	it('ends a session whose operator window never opened', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting('luna');
		// The party document the server wrote at accept was never refreshed.
		await db()
			.doc(`sessions/${sessionId}/parties/${uid.luna}`)
			.update({ seenAt: ago(GRACE + 15) });
		await sweep();
		expect((await data(`sessions/${sessionId}`))!.endedBy).toBe('timeout');
	});
});

// ---- rating ------------------------------------------------------------------------------------

describe('chatRate', () => {
	function rate(who: Name, payload: Record<string, unknown>) {
		return callFunction<{ stars: number }>('chatRate', payload, token[who]);
	}

	it('the customer rates an ended chat once; the operator’s aggregates follow', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting();
		const before = await operatorOf('luna');
		expect(expectRefused(await rate('alice', { sessionId, stars: 5 }), 'FAILED_PRECONDITION')).toBe(
			'You can rate this chat once it has ended.'
		);
		expectOk(await end('alice', sessionId));
		expect(expectRefused(await rate('luna', { sessionId, stars: 5 }), 'PERMISSION_DENIED')).toBe(
			'Only the customer can rate this chat.'
		);
		expectRefused(await rate('owner', { sessionId, stars: 5 }), 'PERMISSION_DENIED');
		expectRefused(await rate('bob', { sessionId, stars: 1 }), 'NOT_FOUND');

		expect(
			expectOk(await rate('alice', { sessionId, stars: 4, comment: '  Clear and kind.  ' }))
		).toEqual({
			stars: 4
		});
		expect((await data(`sessions/${sessionId}`))!.rating).toMatchObject({
			stars: 4,
			comment: 'Clear and kind.'
		});
		expect(await operatorOf('luna')).toMatchObject({
			ratingSum: (before.ratingSum as number) + 4,
			ratingCount: (before.ratingCount as number) + 1
		});

		expect(expectRefused(await rate('alice', { sessionId, stars: 1 }), 'FAILED_PRECONDITION')).toBe(
			'You already rated this chat.'
		);
		expect(await operatorOf('luna')).toMatchObject({
			ratingSum: (before.ratingSum as number) + 4,
			ratingCount: (before.ratingCount as number) + 1
		});
	});

	it('refuses bad ratings with a sentence and changes nothing', async () => {
		await panel('owner', ['luna']);
		const sessionId = await chatting();
		expectOk(await end('alice', sessionId));
		for (const bad of [
			{ sessionId },
			{ sessionId, stars: 0 },
			{ sessionId, stars: 6 },
			{ sessionId, stars: 4.5 },
			{ sessionId, stars: '5' },
			{ sessionId, stars: 5, comment: 'x'.repeat(1001) },
			{ sessionId, stars: 5, comment: 42 },
			{ sessionId, stars: 5, ratingSum: 1000 }
		]) {
			expectRefused(await rate('alice', bad), 'INVALID_ARGUMENT');
		}
		expect((await data(`sessions/${sessionId}`))!.rating).toBeNull();
		expect((await operatorOf('luna')).ratingCount).toBe(0);
	});
});
