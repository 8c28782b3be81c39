/**
 * `sessions/{id}/messages/{messageId}`: the transcript. People's messages are written here by the
 * browser on a client-generated id, so a write queued while offline is delivered once: the SDK
 * retries the same document, and the rules refuse a second write to an existing id. Each goes
 * with a step of its author's flood meter (meter.ts).
 */
import { collection, doc, onSnapshot, serverTimestamp } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { LIMITS } from '$shared/config';
import { QUERIES } from '$shared/queries';
import type { MessageDoc, PersonMessageDoc } from '$shared/chat';
import { firebase } from '$lib/firebase/app';
import { converter, type WithId } from '$lib/firebase/convert';
import { shapedQuery } from '$lib/firebase/shaped-query';
import { meteredWrite } from './meter';

/**
 * A message as a chat window holds it: the document with its id (`createdAt` estimated while the
 * write is pending, see the converter) and whether the server has it yet.
 */
export type ChatMessage = WithId<MessageDoc> & {
	/** True until the server has the message. */
	pending: boolean;
};

const messages = (sessionId: string) =>
	collection(firebase().db, COL.sessions, sessionId, COL.messages);
const typedMessages = (sessionId: string) =>
	messages(sessionId).withConverter(converter<MessageDoc>());

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
	const newest = shapedQuery(typedMessages(sessionId), QUERIES.newestMessages, {}, LIMITS.pageMax);
	return onSnapshot(
		newest,
		{ includeMetadataChanges: true },
		(snap) => {
			const list = snap.docs.map((d) => ({ ...d.data(), pending: d.metadata.hasPendingWrites }));
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
	message: Omit<PersonMessageDoc, 'createdAt'>
) {
	await meteredWrite(sessionId, message.authorUid, 'posts', (batch) =>
		batch.set(doc(messages(sessionId), id), { ...message, createdAt: serverTimestamp() })
	);
}
