/**
 * The webcam on the server: room tokens (grants, room, lifetime, identity, verified with
 * livekit-server-sdk's TokenVerifier) minted from real session documents in the emulator, the
 * refusals, camJoin through the Functions emulator (which runs without LiveKit: peer to peer),
 * and the enforcement of a session's end or pause in its LiveKit room.
 *
 * There is no LiveKit server binary on this machine: the enforcement is checked against a small
 * HTTP server in this file that records the Twirp calls RoomServiceClient makes, as a LiveKit
 * server would receive them.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// The functions' own dependency (the app does not carry the server SDK).
import { TokenVerifier } from '../../functions/node_modules/livekit-server-sdk/dist/index.js';
import {
	CAM_ERRORS,
	CAM_TOKEN_TTL_SECONDS,
	camRoom,
	mintCamToken
} from '../../functions/lib/cam/token.js';
import {
	camEnforcementFor,
	camRoomOptions,
	enforceCam,
	joinLiveKit,
	roomApi
} from '../../functions/lib/cam/enforce.js';
import { startedSession } from '../../functions/lib/shared/chat.js';
import { callFunction, resetAndSeed, signIn } from '../emulator';
import { db, uidOf } from './admin-sdk';
import { expectOk, expectRefused } from './expect-call';

const PASSWORD = 'parley-demo';
const CONFIG = {
	url: 'wss://livekit.test',
	apiKey: 'APItestkey',
	apiSecret: 'a-test-secret-that-is-long-enough-for-hs256-signing'
};

type Name = 'owner' | 'luna' | 'orion' | 'alice' | 'bob' | 'admin';
const names: Name[] = ['owner', 'luna', 'orion', 'alice', 'bob', 'admin'];
let uid: Record<Name, string>;
let token: Record<Name, string>;
let groupId: string | null;

beforeAll(async () => {
	await callFunction('camJoin', null);
});

beforeEach(async () => {
	await resetAndSeed();
	uid = {} as Record<Name, string>;
	token = {} as Record<Name, string>;
	for (const n of names) {
		uid[n] = await uidOf(`${n}@parley.test`);
		token[n] = await signIn(`${n}@parley.test`, PASSWORD);
	}
	groupId = ((await db().doc(`operators/${uid.luna}`).get()).get('groupId') as string) ?? null;
	expect(groupId, 'luna belongs to the demo group').toBeTruthy();
});

/** A session document alice ↔ luna, written as the server writes it. */
async function session(id: string, fields: Record<string, unknown> = {}) {
	await db()
		.doc(`sessions/${id}`)
		.set({
			...startedSession({
				requestId: id,
				customer: { uid: uid.alice, name: 'Alice Moreau' },
				operator: { id: uid.luna, name: 'Luna Vale' },
				groupId,
				startedAt: new Date(),
				heartbeatSeconds: 2,
				windowTimeoutSeconds: 30
			}),
			...fields
		});
	return id;
}

function caller(n: Name) {
	const role =
		n === 'owner'
			? 'groupOwner'
			: n === 'admin'
				? 'admin'
				: n === 'alice' || n === 'bob'
					? 'customer'
					: 'operator';
	return {
		uid: uid[n],
		role,
		groupId: n === 'owner' || n === 'luna' || n === 'orion' ? groupId : null,
		email: null
	} as const;
}

async function verified(jwt: string) {
	return new TokenVerifier(CONFIG.apiKey, CONFIG.apiSecret).verify(jwt);
}

describe('room tokens', () => {
	it('the operator may publish camera and microphone only, and subscribe; nothing else', async () => {
		const sessionId = await session('s1');
		const before = Math.floor(Date.now() / 1000);
		const minted = await mintCamToken(db(), CONFIG, caller('luna'), sessionId);
		expect(minted.room).toBe('session-s1');
		const claims = await verified(minted.token);
		expect(claims.sub).toBe(uid.luna);
		expect(claims.video).toMatchObject({
			room: camRoom(sessionId),
			roomJoin: true,
			roomCreate: false,
			canPublish: true,
			canSubscribe: true,
			canPublishData: false,
			canUpdateOwnMetadata: false
		});
		expect(claims.video?.canPublishSources).toEqual(['camera', 'microphone']);
		// A minute: enough to connect (the app fetches another for each connect of its own).
		expect(CAM_TOKEN_TTL_SECONDS).toBe(60);
		expect(claims.exp! - claims.nbf!).toBe(CAM_TOKEN_TTL_SECONDS);
		expect(claims.exp!).toBeGreaterThanOrEqual(before + CAM_TOKEN_TTL_SECONDS);
		expect(claims.exp!).toBeLessThanOrEqual(before + CAM_TOKEN_TTL_SECONDS + 5);
	});

	it('the group owner is on the operator side and publishes like the operator', async () => {
		const sessionId = await session('s1');
		const claims = await verified(
			(await mintCamToken(db(), CONFIG, caller('owner'), sessionId)).token
		);
		expect(claims.sub).toBe(uid.owner);
		expect(claims.video).toMatchObject({ canPublish: true, room: 'session-s1' });
	});

	it('the customer may only watch', async () => {
		const sessionId = await session('s1');
		const claims = await verified(
			(await mintCamToken(db(), CONFIG, caller('alice'), sessionId)).token
		);
		expect(claims.sub).toBe(uid.alice);
		expect(claims.video).toMatchObject({
			room: 'session-s1',
			roomJoin: true,
			roomCreate: false,
			canSubscribe: true,
			canPublish: false,
			canPublishData: false,
			canUpdateOwnMetadata: false
		});
		expect(claims.video?.canPublishSources ?? []).toEqual([]);
	});

	it('a token signed with another secret does not verify', async () => {
		const sessionId = await session('s1');
		const minted = await mintCamToken(
			db(),
			{ ...CONFIG, apiSecret: 'another-secret-another-secret-123' },
			caller('luna'),
			sessionId
		);
		await expect(verified(minted.token)).rejects.toThrow();
	});

	it.each(['bob', 'orion', 'admin'] as const)(
		'%s (not a participant) is refused: not-found',
		async (n) => {
			const sessionId = await session('s1');
			await expect(mintCamToken(db(), CONFIG, caller(n), sessionId)).rejects.toMatchObject({
				code: 'not-found',
				message: CAM_ERRORS.notFound
			});
		}
	);

	it('a missing session is refused like a stranger’s', async () => {
		await expect(mintCamToken(db(), CONFIG, caller('luna'), 'nope')).rejects.toMatchObject({
			code: 'not-found'
		});
	});

	it('an ended session and a pending lock are refused: failed-precondition', async () => {
		await session('ended', { status: 'ended', endedAt: new Date(), endedBy: 'operator' });
		await session('locked', { lockPending: true });
		for (const n of ['luna', 'alice'] as const) {
			await expect(mintCamToken(db(), CONFIG, caller(n), 'ended')).rejects.toMatchObject({
				code: 'failed-precondition',
				message: CAM_ERRORS.ended
			});
			await expect(mintCamToken(db(), CONFIG, caller(n), 'locked')).rejects.toMatchObject({
				code: 'failed-precondition',
				message: CAM_ERRORS.lockPending
			});
		}
	});
});

describe('camJoin through the emulator (no LiveKit configured)', () => {
	it('answers peer to peer to both sides of an active session', async () => {
		const sessionId = await session('s1');
		for (const n of ['luna', 'owner', 'alice'] as const) {
			expect(expectOk(await callFunction('camJoin', { sessionId }, token[n]))).toEqual({
				transport: 'p2p'
			});
		}
	});

	it('refuses strangers, ended chats, pending locks, bad payloads and anonymous callers', async () => {
		await session('s1');
		await session('ended', { status: 'ended', endedAt: new Date(), endedBy: 'customer' });
		await session('locked', { lockPending: true });
		expect(
			expectRefused(await callFunction('camJoin', { sessionId: 's1' }, token.bob), 'NOT_FOUND')
		).toBe(CAM_ERRORS.notFound);
		expect(
			expectRefused(
				await callFunction('camJoin', { sessionId: 'ended' }, token.luna),
				'FAILED_PRECONDITION'
			)
		).toBe(CAM_ERRORS.ended);
		expect(
			expectRefused(
				await callFunction('camJoin', { sessionId: 'locked' }, token.alice),
				'FAILED_PRECONDITION'
			)
		).toBe(CAM_ERRORS.lockPending);
		expectRefused(
			await callFunction('camJoin', { sessionId: 's1', x: 1 }, token.luna),
			'INVALID_ARGUMENT'
		);
		expectRefused(await callFunction('camJoin', { sessionId: 's1' }), 'UNAUTHENTICATED');
	});
});

// ---- enforcement in the room, against a recording Twirp server ----------------------------------

interface Recorded {
	method: string;
	body: Record<string, unknown>;
	authorized: boolean;
}

let server: Server;
let calls: Recorded[] = [];
/** Identities the fake room reports as connected. */
let inRoom: string[] = [];
let roomExists = true;
/** Identities still allowed to publish: the room's state, as a LiveKit server would keep it. */
let publishing = new Set<string>();

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve) => {
		let data = '';
		req.on('data', (c) => (data += c));
		req.on('end', () => resolve(data));
	});
}

beforeAll(async () => {
	server = createServer(async (req, res) => {
		const method = (req.url ?? '').replace('/twirp/livekit.RoomService/', '');
		const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
		calls.push({ method, body, authorized: /^Bearer ey/.test(req.headers.authorization ?? '') });
		res.setHeader('content-type', 'application/json');
		if (method === 'CreateRoom') {
			roomExists = true;
			res.end(JSON.stringify({ name: body.name }));
			return;
		}
		if (!roomExists) {
			res.statusCode = 404;
			res.end(JSON.stringify({ code: 'not_found', msg: 'room not found' }));
			return;
		}
		if (method === 'ListParticipants') {
			res.end(JSON.stringify({ participants: inRoom.map((identity) => ({ identity })) }));
		} else if (method === 'UpdateParticipant') {
			const permission = body.permission as { canPublish?: boolean } | undefined;
			if (!permission?.canPublish) publishing.delete(String(body.identity));
			res.end(JSON.stringify({ identity: body.identity }));
		} else {
			if (method === 'DeleteRoom') {
				roomExists = false;
				inRoom = [];
				publishing = new Set();
			}
			res.end('{}');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
	calls = [];
	inRoom = [];
	roomExists = true;
	publishing = new Set();
});

function recordingApi() {
	const { port } = server.address() as AddressInfo;
	return roomApi({ ...CONFIG, url: `ws://127.0.0.1:${port}` });
}

describe('room enforcement when a session changes', () => {
	it('decides from the session change: end → remove everyone, lock pending → stop publishing', async () => {
		await session('s1');
		const active = (await db().doc('sessions/s1').get()).data();
		await db().doc('sessions/s1').update({ lockPending: true });
		const locked = (await db().doc('sessions/s1').get()).data();
		await db().doc('sessions/s1').update({ lockPending: false, status: 'ended' });
		const ended = (await db().doc('sessions/s1').get()).data();
		expect(camEnforcementFor(active, locked)).toBe('stop-publishing');
		expect(camEnforcementFor(locked, ended)).toBe('remove-all');
		expect(camEnforcementFor(active, ended)).toBe('remove-all');
		expect(camEnforcementFor(active, { ...active, heartbeatSeconds: 3 })).toBeNull();
		expect(camEnforcementFor(locked, { ...locked })).toBeNull();
		expect(camEnforcementFor(ended, { ...ended, rating: { stars: 5 } })).toBeNull();
		expect(camEnforcementFor(undefined, active)).toBeNull();
	});

	it('an ended session deletes its room (everyone in it is disconnected)', async () => {
		const result = await enforceCam(recordingApi(), 's1', uid.alice, 'remove-all');
		expect(result.action).toBe('remove-all');
		expect(calls).toEqual([
			{ method: 'DeleteRoom', body: { room: 'session-s1' }, authorized: true }
		]);
	});

	it('a pending lock takes the publish right from everyone but the customer', async () => {
		inRoom = [uid.luna, uid.alice, uid.owner];
		const result = await enforceCam(recordingApi(), 's1', uid.alice, 'stop-publishing');
		expect(result.participants).toEqual([uid.luna, uid.owner]);
		expect(calls.map((c) => c.method)).toEqual([
			'ListParticipants',
			'UpdateParticipant',
			'UpdateParticipant'
		]);
		expect(calls.every((c) => c.authorized)).toBe(true);
		expect(calls[0]!.body).toMatchObject({ room: 'session-s1' });
		for (const [i, who] of [
			[1, uid.luna],
			[2, uid.owner]
		] as const) {
			expect(calls[i]!.body).toMatchObject({ room: 'session-s1', identity: who });
			const permission = calls[i]!.body.permission as Record<string, unknown>;
			expect(permission.canPublish ?? false).toBe(false);
			expect(permission.canSubscribe).toBe(true);
		}
	});

	it('the same session events delivered twice and out of order end in the same room', async () => {
		await session('s1');
		const active = (await db().doc('sessions/s1').get()).data();
		const locked = { ...active, lockPending: true };
		const ended = { ...active, lockPending: false, status: 'ended' };
		type Change = [typeof active, typeof active];
		const pause: Change = [active, locked];
		const end: Change = [locked, ended];
		/** A fresh room with three publishers, then the trigger's work for each delivery. */
		const deliver = async (changes: Change[]) => {
			roomExists = true;
			inRoom = [uid.luna, uid.alice, uid.owner];
			publishing = new Set(inRoom);
			for (const [before, after] of changes) {
				const action = camEnforcementFor(before, after);
				if (action) await enforceCam(recordingApi(), 's1', uid.alice, action);
			}
			return { roomExists, publishing: [...publishing].sort() };
		};
		const inOrder = await deliver([pause, end]);
		expect(inOrder).toEqual({ roomExists: false, publishing: [] });
		for (const order of [
			[end, pause],
			[pause, pause, end, end],
			[end, end, pause, pause],
			[end, pause, end],
			[pause, end, pause]
		]) {
			expect(await deliver(order)).toEqual(inOrder);
		}
		// Paused only: whatever the repetition, only the customer may still publish.
		const paused = await deliver([pause]);
		expect(paused).toEqual({ roomExists: true, publishing: [uid.alice] });
		expect(await deliver([pause, pause, pause])).toEqual(paused);
	});

	it('a room nobody joined is nothing to enforce', async () => {
		roomExists = false;
		await expect(enforceCam(recordingApi(), 's1', uid.alice, 'remove-all')).resolves.toMatchObject({
			participants: []
		});
		await expect(
			enforceCam(recordingApi(), 's1', uid.alice, 'stop-publishing')
		).resolves.toMatchObject({
			participants: []
		});
	});
});

describe('joining a LiveKit webcam: the server creates the room, tokens cannot', () => {
	/** The token's claims as LiveKit reads them, decoded from the JWT itself. */
	function decoded(jwt: string) {
		return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as {
			sub: string;
			iat?: number;
			nbf?: number;
			exp: number;
			video: Record<string, unknown>;
		};
	}

	it('the operator side’s join creates the room with its settings, then hands a token', async () => {
		roomExists = false;
		const sessionId = await session('s1');
		const joined = await joinLiveKit(db(), recordingApi(), CONFIG, caller('luna'), sessionId);
		expect(roomExists).toBe(true);
		expect(joined).toMatchObject({ transport: 'livekit', url: CONFIG.url });
		expect(calls.map((c) => c.method)).toEqual(['CreateRoom']);
		expect(calls[0]!.authorized).toBe(true);
		expect(calls[0]!.body).toMatchObject({
			name: 'session-s1',
			emptyTimeout: camRoomOptions('s1').emptyTimeout,
			departureTimeout: camRoomOptions('s1').departureTimeout,
			maxParticipants: 3
		});
		const jwt = decoded(joined.token);
		expect(jwt.sub).toBe(uid.luna);
		expect(jwt.video).toMatchObject({ room: 'session-s1', roomJoin: true, roomCreate: false });
		expect(jwt.exp - (jwt.nbf ?? jwt.iat!)).toBe(60);
	});

	it('the customer’s join creates nothing: it joins the room the operator side opened', async () => {
		const sessionId = await session('s1');
		const joined = await joinLiveKit(db(), recordingApi(), CONFIG, caller('alice'), sessionId);
		expect(calls).toEqual([]);
		const jwt = decoded(joined.token);
		expect(jwt.sub).toBe(uid.alice);
		expect(jwt.video).toMatchObject({ room: 'session-s1', roomCreate: false, canPublish: false });
		expect(jwt.exp - (jwt.nbf ?? jwt.iat!)).toBe(60);
	});

	it('a refused join (ended chat, stranger) creates no room', async () => {
		await session('ended', { status: 'ended', endedAt: new Date(), endedBy: 'operator' });
		await session('s1');
		await expect(
			joinLiveKit(db(), recordingApi(), CONFIG, caller('luna'), 'ended')
		).rejects.toMatchObject({ code: 'failed-precondition' });
		await expect(
			joinLiveKit(db(), recordingApi(), CONFIG, caller('orion'), 's1')
		).rejects.toMatchObject({ code: 'not-found' });
		expect(calls).toEqual([]);
	});
});
