/**
 * From the messages a chat window holds to the lines its message list shows: whose side each
 * is on from this reader's point of view, the name it goes under, and its delivery state. A
 * message the server refused is not in the transcript; it is shown as mine, "Not sent", with
 * the reason, until it is sent again.
 */
import type { ChatSide, SessionDoc } from '$shared/chat';
import type { ChatMessage } from '$lib/data/messages';
import type { FailedMessage } from './chat-window.svelte';

export type MessageSide = 'me' | 'them' | 'system';
export type DeliveryState = 'sending' | 'sent' | 'failed';

/** One line of the conversation as the message list shows it. */
export interface MessageView {
	id: string;
	side: MessageSide;
	authorName: string;
	text: string;
	/** When the server recorded it; null until then (a message being sent). */
	at: Date | null;
	state: DeliveryState;
	/** Why a failed message was not sent, as a sentence (for example, sent too quickly). */
	reason?: string;
}

/**
 * The transcript in order, then the refused messages not in it (a retry that went through is
 * in the transcript under the same id, so it shows once). Whoever types on the operator side
 * (the operator, or its group owner) writes as the operator, under the operator's name.
 */
export function messageViews(input: {
	messages: ChatMessage[];
	failed: Record<string, FailedMessage>;
	side: ChatSide | null;
	names: Pick<SessionDoc, 'customerName' | 'operatorName'>;
}): MessageView[] {
	const { side, names } = input;
	const nameOf = (role: ChatSide | 'system') =>
		role === 'customer' ? names.customerName : names.operatorName;
	const shown: MessageView[] = input.messages.map((m) => ({
		id: m.id,
		side: m.authorRole === 'system' ? 'system' : m.authorRole === side ? 'me' : 'them',
		authorName: nameOf(m.authorRole),
		text: m.text,
		at: m.createdAt,
		state: m.pending ? 'sending' : 'sent'
	}));
	for (const [id, failed] of Object.entries(input.failed)) {
		if (shown.some((m) => m.id === id)) continue;
		shown.push({
			id,
			side: 'me',
			authorName: nameOf(side === 'customer' ? 'customer' : 'operator'),
			text: failed.text,
			at: failed.at,
			state: 'failed',
			reason: failed.error
		});
	}
	return shown;
}
