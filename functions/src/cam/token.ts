/**
 * Webcam access: who may join a session's LiveKit room, and with which grants.
 * Invariants (the rules enforce the same for the peer-to-peer signals):
 * - Only the two sides of an ACTIVE session WITHOUT a pending lock get a token: a paused chat
 *   (a lock waiting for the customer's answer) has no webcam either.
 * - The operator side (the operator, or the owner of its group) may publish its camera and
 *   microphone only, and subscribe; the customer may only subscribe (one-way by default).
 * - Nobody may publish data or change their own metadata: the chat has its own channel.
 * - A token lives a minute (DEFAULTS.camTokenSeconds): enough to connect. It does not end a
 *   connected session, so the session trigger (enforce.ts) removes people when the chat ends or
 *   pauses.
 * - A token never creates a room (roomCreate false): the room is created by the server, with its
 *   settings, when the operator side starts its webcam (openCamRoom in enforce.ts), so nobody can
 *   bring a room back by joining after the chat ended and the room was deleted.
 */
import { AccessToken, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import { HttpsError } from 'firebase-functions/https';
import type { Firestore } from 'firebase-admin/firestore';
import type { Caller } from '../lib/guard.js';
import type { LiveKitConfig } from '../config.js';
import { chatSideOf, type ChatSide } from '../shared/chat.js';
import { DEFAULTS } from '../shared/config.js';
import { sessionRef } from '../lib/refs.js';

/** How long a room token may be used to connect. */
export const CAM_TOKEN_TTL_SECONDS = DEFAULTS.camTokenSeconds;

export const CAM_ERRORS = {
	notFound: 'This chat does not exist, or it is not one of your chats.',
	ended: 'This chat has ended: the webcam is off.',
	lockPending: 'The chat is paused until the customer answers the offer: the webcam waits too.'
} as const;

/** The LiveKit room of a session. */
export function camRoom(sessionId: string): string {
	return `session-${sessionId}`;
}

/** The grants of one side in a session's room. */
export function camGrant(sessionId: string, side: ChatSide): VideoGrant {
	const publisher = side === 'operator';
	return {
		room: camRoom(sessionId),
		roomJoin: true,
		roomCreate: false,
		canSubscribe: true,
		canPublish: publisher,
		canPublishSources: publisher ? [TrackSource.CAMERA, TrackSource.MICROPHONE] : [],
		canPublishData: false,
		canUpdateOwnMetadata: false
	};
}

/**
 * Reads the session and decides whether the caller may use its webcam: the caller's side, or an
 * HttpsError whose message is a sentence.
 */
export async function camSideOf(
	db: Firestore,
	caller: Caller,
	sessionId: string
): Promise<ChatSide> {
	const session = (await sessionRef(db, sessionId).get()).data();
	if (!session) throw new HttpsError('not-found', CAM_ERRORS.notFound);
	const side = chatSideOf(caller, {
		customerUid: session.customerUid,
		operatorId: session.operatorId,
		groupId: session.groupId ?? null
	});
	if (side === null) throw new HttpsError('not-found', CAM_ERRORS.notFound);
	if (session.status !== 'active') throw new HttpsError('failed-precondition', CAM_ERRORS.ended);
	if (session.lockPending === true) {
		throw new HttpsError('failed-precondition', CAM_ERRORS.lockPending);
	}
	return side;
}

/** A room token for the caller in a session, after the checks of camSideOf. */
export async function mintCamToken(
	db: Firestore,
	config: LiveKitConfig,
	caller: Caller,
	sessionId: string
): Promise<{ token: string; side: ChatSide; room: string }> {
	const side = await camSideOf(db, caller, sessionId);
	const at = new AccessToken(config.apiKey, config.apiSecret, {
		identity: caller.uid,
		ttl: CAM_TOKEN_TTL_SECONDS
	});
	at.addGrant(camGrant(sessionId, side));
	return { token: await at.toJwt(), side, room: camRoom(sessionId) };
}
