/**
 * Server-side control of the webcam's LiveKit rooms. The server creates a session's room when the
 * operator side starts its webcam (tokens cannot create rooms). A room token only lets someone connect;
 * once connected they stay until removed, whatever the token's expiry. So when a session changes:
 * - it ends: the room is deleted, which disconnects everyone in it;
 * - a lock goes pending (the chat pauses): every participant except the customer loses the right
 *   to publish (their tracks are unpublished by the server). The app stops the camera as well;
 *   the next start asks camJoin for a fresh token, which carries the full grants again.
 * Without a LiveKit server (the local default) there is nothing to enforce here: the
 * peer-to-peer signals are refused by the rules once the session is not active, and each
 * window closes its own connection.
 */
import type { Firestore } from 'firebase-admin/firestore';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { Caller } from '../lib/guard.js';
import type { LiveKitConfig } from '../config.js';
import { DEFAULTS } from '../shared/config.js';
import { camRoom, mintCamToken } from './token.js';

export type CamEnforcement = 'remove-all' | 'stop-publishing' | null;

interface SessionState {
	status?: unknown;
	lockPending?: unknown;
	customerUid?: unknown;
}

/** What a change of a session document asks of its room. Pure. */
export function camEnforcementFor(
	before: SessionState | undefined,
	after: SessionState | undefined
): CamEnforcement {
	if (!after) return before ? 'remove-all' : null;
	if (after.status === 'ended' && before?.status !== 'ended') return 'remove-all';
	if (after.status !== 'ended' && after.lockPending === true && before?.lockPending !== true) {
		return 'stop-publishing';
	}
	return null;
}

/** The Room API address for a LiveKit websocket address (wss://x → https://x). */
export function roomServiceHost(url: string): string {
	return url.replace(/^ws(s?):\/\//, 'http$1://');
}

/** The part of RoomServiceClient this module uses. */
export type RoomApi = Pick<
	RoomServiceClient,
	'createRoom' | 'deleteRoom' | 'listParticipants' | 'updateParticipant'
>;

/** The settings of a session's webcam room. */
export function camRoomOptions(sessionId: string) {
	return {
		name: camRoom(sessionId),
		emptyTimeout: DEFAULTS.camRoomEmptySeconds,
		departureTimeout: DEFAULTS.camRoomDepartureSeconds,
		maxParticipants: DEFAULTS.camRoomMaxParticipants
	};
}

/**
 * Creates a session's room with its settings, before the operator side connects (tokens may not
 * create rooms). Creating an existing room returns it unchanged, so a second start, or the
 * owner's and the operator's both, are harmless. Should the chat end while this runs, the trigger's
 * delete may come first: the room then stays empty (no token is minted for an ended chat) and
 * closes by itself after camRoomEmptySeconds.
 */
export async function openCamRoom(api: RoomApi, sessionId: string): Promise<void> {
	await api.createRoom(camRoomOptions(sessionId));
}

export function roomApi(config: LiveKitConfig): RoomApi {
	return new RoomServiceClient(roomServiceHost(config.url), config.apiKey, config.apiSecret);
}

/**
 * Applies an enforcement to a session's room. A room nobody joined does not exist on the server:
 * LiveKit answers not_found, which means there is nothing to do.
 */
export async function enforceCam(
	api: RoomApi,
	sessionId: string,
	customerUid: string,
	action: Exclude<CamEnforcement, null>
): Promise<{ action: string; participants: string[] }> {
	const room = camRoom(sessionId);
	try {
		if (action === 'remove-all') {
			await api.deleteRoom(room);
			return { action, participants: [] };
		}
		const participants = await api.listParticipants(room);
		const publishers = participants.map((p) => p.identity).filter((id) => id !== customerUid);
		for (const identity of publishers) {
			await api.updateParticipant(room, identity, {
				permission: {
					canSubscribe: true,
					canPublish: false,
					canPublishData: false,
					canPublishSources: [],
					canUpdateMetadata: false
				}
			});
		}
		return { action, participants: publishers };
	} catch (error) {
		if (isNotFound(error)) return { action, participants: [] };
		throw error;
	}
}

function isNotFound(error: unknown): boolean {
	const e = error as { status?: number; code?: string } | null;
	return e?.status === 404 || e?.code === 'not_found';
}

/**
 * camJoin with a LiveKit server: the checks and a token (mintCamToken), and for the operator side,
 * which connects first and publishes, the room created beforehand. The customer joins only once
 * the operator side said it is live, so its room exists; if not (deleted: the chat ended), its
 * connect fails instead of creating an empty room.
 */
export async function joinLiveKit(
	db: Firestore,
	api: RoomApi,
	config: LiveKitConfig,
	caller: Caller,
	sessionId: string
): Promise<{ transport: 'livekit'; url: string; token: string }> {
	const { token, side } = await mintCamToken(db, config, caller, sessionId);
	if (side === 'operator') await openCamRoom(api, sessionId);
	return { transport: 'livekit', url: config.url, token };
}
