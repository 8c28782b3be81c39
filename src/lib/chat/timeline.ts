/**
 * How a conversation is laid out, free of the DOM: day separators, when a sender's name is
 * repeated, time labels, and whether the list follows new messages or leaves the reader where
 * they scrolled.
 */
import type { MessageView } from './message-view';

export interface TimelineEntry {
	message: MessageView;
	/** A day label to show above this message ("Today", "Yesterday", a date), or null. */
	dayLabel: string | null;
	/** Whether to show the sender's name (the first of a run of messages by the other person). */
	showAuthor: boolean;
	/** Whether this is my newest message (its delivery state is spelled out). */
	latestOfMine: boolean;
}

function dayKey(date: Date): string {
	return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** "Today", "Yesterday", or a date such as "Monday 3 March" (with the year if not this year). */
export function dayLabel(date: Date, now: Date, locale?: string): string {
	if (dayKey(date) === dayKey(now)) return 'Today';
	const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
	if (dayKey(date) === dayKey(yesterday)) return 'Yesterday';
	return new Intl.DateTimeFormat(locale, {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' })
	}).format(date);
}

/** The time of day a message was sent, in the reader's own clock style. */
export function timeLabel(date: Date, locale?: string): string {
	return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(date);
}

/**
 * Annotates messages for display. Day labels appear when the day changes, and above the first
 * message; messages without a time yet (being sent) belong to the day of the one before them.
 */
export function timeline(messages: MessageView[], now: Date, locale?: string): TimelineEntry[] {
	let lastMineIndex = -1;
	messages.forEach((m, i) => {
		if (m.side === 'me') lastMineIndex = i;
	});
	let currentDay: string | null = null;
	let previous: MessageView | null = null;
	return messages.map((message, index) => {
		let label: string | null = null;
		if (message.at) {
			const key = dayKey(message.at);
			if (key !== currentDay) {
				label = dayLabel(message.at, now, locale);
				currentDay = key;
			}
		}
		const showAuthor =
			message.side === 'them' &&
			(label !== null ||
				previous === null ||
				previous.side !== 'them' ||
				previous.authorName !== message.authorName);
		previous = message;
		return { message, dayLabel: label, showAuthor, latestOfMine: index === lastMineIndex };
	});
}

/** How close to the bottom (pixels) still counts as "reading the newest messages". */
export const NEAR_BOTTOM_PX = 80;

export function isNearBottom(
	el: { scrollTop: number; scrollHeight: number; clientHeight: number },
	threshold = NEAR_BOTTOM_PX
): boolean {
	return el.scrollHeight - el.scrollTop - el.clientHeight <= threshold;
}

/**
 * What to do when the newest message changes: follow it when the reader was at the bottom, or
 * when it is mine (I just sent it); otherwise leave the reader where they are and tell them
 * something new arrived.
 */
export function onNewestMessage(input: {
	wasNearBottom: boolean;
	newest: Pick<MessageView, 'side'> | null;
}): 'scroll' | 'notify' | 'none' {
	if (!input.newest) return 'none';
	if (input.wasNearBottom || input.newest.side === 'me') return 'scroll';
	return 'notify';
}
