/**
 * `sessions/{id}/parties/{uid}`: one document per open session window: its heartbeat (`seenAt`)
 * and typing mark (`typingAt`). The session document never changes for these.
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
 * The window's heartbeat. `first` writes the whole document (the rules want exactly its three
 * keys, and a group owner's window may not have one yet); later beats touch only `seenAt`, so
 * they never clear a typing mark.
 */
export async function beatParty(sessionId: string, uid: string, role: ChatSide, first: boolean) {
	if (first) {
		await setDoc(partyRef(sessionId, uid), { role, seenAt: serverTimestamp(), typingAt: null });
	} else {
		await setDoc(
			partyRef(sessionId, uid),
			{ role, seenAt: serverTimestamp() },
			{ mergeFields: ['role', 'seenAt'] }
		);
	}
}

/** Marks (true) or clears (false) "typing…" for the other side. */
export async function markTyping(sessionId: string, uid: string, role: ChatSide, typing: boolean) {
	await setDoc(partyRef(sessionId, uid), {
		role,
		seenAt: serverTimestamp(),
		typingAt: typing ? serverTimestamp() : null
	});
}
