/**
 * `sessions/{id}/messages/{messageId}`: the transcript. People's messages are written here by the
 * browser on a client-generated id, so a write queued while offline is delivered once: the SDK
 * retries the same document, and the rules refuse a second write to an existing id. Each goes
 * with a step of its author's flood meter (meter.ts).
 */
import { collection, doc, onSnapshot, serverTimestamp, Timestamp } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import { QUERIES } from '$shared/queries';
import type { AuthorRole, SystemEvent } from '$shared/chat';
import { firebase } from '$lib/firebase/app';
import { shapedQuery } from '$lib/firebase/shaped-query';
import { meteredWrite } from './meter';

export interface ChatMessage {
	id: string;
	authorUid: string | null;
	authorRole: AuthorRole;
	text: string;
	event: SystemEvent | null;
	/** Server time; an estimate while the write is pending. */
	at: Date | null;
	/** True until the server has the message. */
	pending: boolean;
}

const messages = (sessionId: string) =>
	collection(firebase().db, COL.sessions, sessionId, COL.messages);

/** A fresh message id (Firestore's auto-id shape, which the rules require). */
export function newMessageId(sessionId: string): string {
	return doc(messages(sessionId)).id;
}

/**
 * Follows the newest LIMITS.pageMax messages, oldest first, with their delivery state. Returns
 * the unsubscribe function.
 */
export function followMessages(
	sessionId: string,
	next: (list: ChatMessage[], fromServer: boolean) => void,
	fail: (error: unknown) => void
) {
	const newest = shapedQuery(messages(sessionId), QUERIES.newestMessages, {}, LIMITS.pageMax);
	return onSnapshot(
		newest,
		{ includeMetadataChanges: true },
		(snap) => {
			const list = snap.docs.map((d) => {
				const data = d.data({ serverTimestamps: 'estimate' });
				const at = data.createdAt instanceof Timestamp ? data.createdAt.toDate() : null;
				return {
					id: d.id,
					authorUid: (data.authorUid as string | null) ?? null,
					authorRole: data.authorRole as AuthorRole,
					text: String(data.text ?? ''),
					event: (data.event as SystemEvent | undefined) ?? null,
					at,
					pending: d.metadata.hasPendingWrites
				};
			});
			next(list.reverse(), !snap.metadata.fromCache);
		},
		fail
	);
}

/**
 * Writes one message. Resolves when the server has it; rejects if the rules refuse it, or with
 * TooFast (a sentence) when its author has sent LIMITS.messagesPerMinute this minute.
 */
export async function sendMessage(
	sessionId: string,
	id: string,
	message: { authorUid: string; authorRole: 'customer' | 'operator'; text: string }
) {
	await meteredWrite(sessionId, message.authorUid, 'posts', (batch) =>
		batch.set(doc(messages(sessionId), id), { ...message, createdAt: serverTimestamp() })
	);
}
