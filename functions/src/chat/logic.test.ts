import { describe, expect, it } from 'vitest';
import {
	ALREADY_ANSWERED,
	REQUEST_EXPIRED,
	endedLine,
	notRingingSentence,
	operatorSideGone,
	requestRefusal,
	ringState,
	startedLine
} from './logic.js';

describe('requestRefusal', () => {
	it('lets customers ask only online operators, naming the operator otherwise', () => {
		expect(requestRefusal('online', 'Luna Vale')).toBeNull();
		expect(requestRefusal('busy', 'Luna Vale')).toMatch(
			/^Luna Vale is in another chat right now\./
		);
		expect(requestRefusal('away', 'Luna Vale')).toMatch(/^Luna Vale is away right now\./);
		expect(requestRefusal('offline', 'Luna Vale')).toMatch(/^Luna Vale is offline right now\./);
	});
});

describe('ringState', () => {
	const at = 1_000_000;
	it('rings until expiresAt, is overdue from expiresAt on', () => {
		expect(ringState({ status: 'ringing', expiresAtMs: at }, at - 1)).toBe('ringing');
		expect(ringState({ status: 'ringing', expiresAtMs: at }, at)).toBe('overdue');
		expect(ringState({ status: 'ringing', expiresAtMs: at }, at + 60_000)).toBe('overdue');
	});

	it('a settled request stays settled whatever the time', () => {
		for (const status of ['accepted', 'declined', 'expired', 'cancelled'] as const) {
			expect(ringState({ status, expiresAtMs: at }, at - 1)).toBe('settled');
			expect(ringState({ status, expiresAtMs: at }, at + 1)).toBe('settled');
		}
	});
});

describe('notRingingSentence', () => {
	it('tells a late window that the request was already answered', () => {
		expect(notRingingSentence('accepted')).toBe(ALREADY_ANSWERED);
		expect(notRingingSentence('declined')).toBe(ALREADY_ANSWERED);
		expect(notRingingSentence('expired')).toBe(REQUEST_EXPIRED);
		expect(notRingingSentence('cancelled')).toMatch(/cancelled/);
	});
});

describe('system lines', () => {
	const names = { operatorName: 'Luna Vale', customerName: 'Alice Moreau' };
	it('say who left, as sentences', () => {
		expect(startedLine('Luna Vale')).toEqual({
			text: 'Luna Vale joined the chat.',
			event: 'started'
		});
		expect(endedLine('operator', names)).toEqual({
			text: 'Luna Vale has left the chat.',
			event: 'operatorLeft'
		});
		expect(endedLine('customer', names)).toEqual({
			text: 'Alice Moreau has left the chat.',
			event: 'customerLeft'
		});
		expect(endedLine('timeout', names).event).toBe('timedOut');
		expect(endedLine('timeout', names).text).toMatch(/^Luna Vale has left the chat/);
	});
});

describe('operatorSideGone', () => {
	const cutoff = 100_000;
	it('keeps the session while any operator-side window was seen at or after the cutoff', () => {
		expect(operatorSideGone([{ role: 'operator', seenAtMs: cutoff }], cutoff)).toBe(false);
		expect(
			operatorSideGone(
				[
					{ role: 'operator', seenAtMs: cutoff - 1 },
					{ role: 'operator', seenAtMs: cutoff + 5 }
				],
				cutoff
			)
		).toBe(false);
	});

	it('ends it when every operator-side window is silent, whatever the customer does', () => {
		expect(operatorSideGone([{ role: 'operator', seenAtMs: cutoff - 1 }], cutoff)).toBe(true);
		expect(
			operatorSideGone(
				[
					{ role: 'operator', seenAtMs: cutoff - 1 },
					{ role: 'customer', seenAtMs: cutoff + 10_000 }
				],
				cutoff
			)
		).toBe(true);
		expect(operatorSideGone([], cutoff)).toBe(true);
	});
});
