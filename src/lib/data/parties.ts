/**
 * `sessions/{id}/parties/{uid}`: one document per open session window: its heartbeat (`seenAt`),
 * typing mark (`typingAt`), the hash of its leave key and, once the server has been told the
 * window closed, `leavingAt`. The session document never changes for these.
 */
import { collection, doc, limit, query, serverTimestamp, setDoc } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import type { ChatSide, PartyDoc } from '$shared/chat';
import { firebase } from '$lib/firebase/app';
import { converter } from '$lib/firebase/convert';

const parties = (sessionId: string) =>
	collection(firebase().db, COL.sessions, sessionId, COL.parties).withConverter(
		converter<PartyDoc>()
	);

export function partiesQuery(sessionId: string) {
	return query(parties(sessionId), limit(LIMITS.pageMax));
}

const partyRef = (sessionId: string, uid: string) =>
	doc(firebase().db, COL.sessions, sessionId, COL.parties, uid);

/**
 * A window load's first write, and its return after a close was announced: every window field,
 * with this load's leave-key hash and no close pending (which cancels an announced close). A
 * merge, so the flood meters (meter.ts) stay as counted; a group owner's window may not have a
 * document yet, and creates it with exactly these keys.
 */
export async function announceWindow(
	sessionId: string,
	uid: string,
	role: ChatSide,
	leaveKeyHash: string
) {
	await setDoc(
		partyRef(sessionId, uid),
		{ role, seenAt: serverTimestamp(), typingAt: null, leaveKeyHash, leavingAt: null },
		{ merge: true }
	);
}

/** The window's heartbeat: only `seenAt` (it never clears a typing mark or a close). */
export async function beatParty(sessionId: string, uid: string, role: ChatSide) {
	await setDoc(
		partyRef(sessionId, uid),
		{ role, seenAt: serverTimestamp() },
		{ mergeFields: ['role', 'seenAt'] }
	);
}

/** Marks (true) or clears (false) "typing…" for the other side. */
export async function markTyping(sessionId: string, uid: string, role: ChatSide, typing: boolean) {
	await setDoc(
		partyRef(sessionId, uid),
		{ role, seenAt: serverTimestamp(), typingAt: typing ? serverTimestamp() : null },
		{ mergeFields: ['role', 'seenAt', 'typingAt'] }
	);
}
