import { describe, expect, it } from 'vitest';
import {
	ALREADY_ANSWERED,
	REQUEST_EXPIRED,
	endedLine,
	notRingingSentence,
	requestRefusal,
	startedLine
} from './sentences.js';

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
		expect(endedLine('customerTimeout', names)).toEqual({
			text: 'Alice Moreau has left the chat (their window stopped responding).',
			event: 'customerTimedOut'
		});
	});
});
