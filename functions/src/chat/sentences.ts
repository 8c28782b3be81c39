/**
 * What the chat callables say: their refusals (HttpsError messages, shown as they are) and the
 * system lines of a transcript. Pure, unit-tested on their own.
 */
import type { EndedBy, RequestStatus, SystemEvent } from '../shared/chat.js';
import type { OperatorStatus } from '../shared/types.js';

/** Said to the second window (or the slower of two racing ones) that answers a request. */
export const ALREADY_ANSWERED = 'This request was already answered in another window.';
export const REQUEST_EXPIRED = 'This request has expired.';
export const REQUEST_NOT_FOUND = 'We could not find this chat request.';
export const SESSION_NOT_FOUND = 'We could not find this chat.';
export const CUSTOMERS_ONLY =
	'Chats are for customer accounts. Sign in with a customer account to start one.';

/** Why an operator in this public status cannot be asked for a chat now, or null if it can. */
export function requestRefusal(status: OperatorStatus, name: string): string | null {
	switch (status) {
		case 'online':
			return null;
		case 'busy':
			return `${name} is in another chat right now. Try again in a few minutes, or choose another advisor.`;
		case 'away':
			return `${name} is away right now. Choose another advisor, or try again later.`;
		case 'offline':
			return `${name} is offline right now. Choose another advisor, or try again later.`;
	}
}

/** The refusal for answering a request that no longer rings. */
export function notRingingSentence(status: Exclude<RequestStatus, 'ringing'>): string {
	switch (status) {
		case 'accepted':
		case 'declined':
			return ALREADY_ANSWERED;
		case 'cancelled':
			return 'The customer cancelled this request.';
		case 'expired':
			return REQUEST_EXPIRED;
	}
}

/** The first line of a transcript. */
export function startedLine(operatorName: string): { text: string; event: SystemEvent } {
	return { text: `${operatorName} joined the chat.`, event: 'started' };
}

/** The line that tells the other side the chat is over, and why. */
export function endedLine(
	endedBy: EndedBy,
	names: { operatorName: string; customerName: string }
): { text: string; event: SystemEvent } {
	switch (endedBy) {
		case 'operator':
			return { text: `${names.operatorName} has left the chat.`, event: 'operatorLeft' };
		case 'customer':
			return { text: `${names.customerName} has left the chat.`, event: 'customerLeft' };
		case 'timeout':
			return {
				text: `${names.operatorName} has left the chat (their window stopped responding).`,
				event: 'timedOut'
			};
		case 'customerTimeout':
			return {
				text: `${names.customerName} has left the chat (their window stopped responding).`,
				event: 'customerTimedOut'
			};
	}
}
