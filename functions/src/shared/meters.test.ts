import { describe, expect, it } from 'vitest';
import { LIMITS } from './config.js';
import {
	countedAfter,
	feedbackRefusal,
	limitWait,
	METER_WINDOW_MS,
	meterRetry,
	meterStep,
	NOTHING_COUNTED,
	ringRefusal,
	tooFastSentence
} from './meters.js';

const NOW = 1_800_000_000_000;

describe('meterStep (a window’s flood meter, chosen in the browser)', () => {
	it('restarts a window that never began or began a minute ago', () => {
		expect(meterStep({}, 'posts', NOW)).toEqual({ kind: 'restart' });
		expect(meterStep({ count: 3, sinceMs: NOW - METER_WINDOW_MS }, 'posts', NOW)).toEqual({
			kind: 'restart'
		});
	});

	it('counts on inside the window, up to the limit; then it is full until the window ends', () => {
		const since = NOW - 20_000;
		expect(
			meterStep({ count: LIMITS.messagesPerMinute - 1, sinceMs: since }, 'posts', NOW)
		).toEqual({ kind: 'count' });
		expect(meterStep({ count: LIMITS.messagesPerMinute, sinceMs: since }, 'posts', NOW)).toEqual({
			kind: 'full',
			waitMs: 40_000
		});
		// Signals have their own, larger limit.
		expect(meterStep({ count: LIMITS.messagesPerMinute, sinceMs: since }, 'signals', NOW)).toEqual({
			kind: 'count'
		});
	});

	it('after a refusal tries the other step once', () => {
		const state = { count: 5, sinceMs: NOW - 59_000 };
		expect(meterRetry({ kind: 'count' }, state, 'posts')).toEqual({ kind: 'restart' });
		expect(meterRetry({ kind: 'restart' }, state, 'posts')).toEqual({ kind: 'count' });
		expect(
			meterRetry({ kind: 'restart' }, { count: LIMITS.messagesPerMinute, sinceMs: NOW }, 'posts')
		).toBeNull();
		expect(meterRetry({ kind: 'full', waitMs: 1 }, state, 'posts')).toBeNull();
	});

	it('says how long to wait, in whole seconds', () => {
		expect(tooFastSentence('messages', 1)).toBe(
			'You are sending messages very quickly. Wait 1 s, then send again.'
		);
		expect(tooFastSentence('signals', 12_300)).toMatch(/Wait 13 s/);
	});
});

describe('limitWait and countedAfter (server-side limits)', () => {
	const limit = { cooldownMs: 2_000, perWindow: 3, windowMs: 60_000 };

	it('allows the first action and counts it as a new window', () => {
		expect(limitWait(NOTHING_COUNTED, limit, NOW)).toBeNull();
		expect(countedAfter(NOTHING_COUNTED, limit, NOW)).toEqual({
			lastMs: NOW,
			count: 1,
			sinceMs: NOW
		});
	});

	it('refuses inside the cooldown, then counts on inside the window', () => {
		const one = countedAfter(NOTHING_COUNTED, limit, NOW);
		expect(limitWait(one, limit, NOW + 500)).toEqual({ waitMs: 1_500, by: 'cooldown' });
		expect(limitWait(one, limit, NOW + 2_000)).toBeNull();
		const two = countedAfter(one, limit, NOW + 2_000);
		expect(two).toEqual({ lastMs: NOW + 2_000, count: 2, sinceMs: NOW });
	});

	it('refuses once the window holds perWindow, until it ends; then starts a new one', () => {
		let c = NOTHING_COUNTED;
		for (let i = 0; i < 3; i++) c = countedAfter(c, limit, NOW + i * 5_000);
		expect(limitWait(c, limit, NOW + 20_000)).toEqual({ waitMs: 40_000, by: 'window' });
		expect(limitWait(c, limit, NOW + 60_000)).toBeNull();
		expect(countedAfter(c, limit, NOW + 60_000)).toEqual({
			lastMs: NOW + 60_000,
			count: 1,
			sinceMs: NOW + 60_000
		});
	});

	it('says why, with the wait', () => {
		expect(ringRefusal({ waitMs: 1_200, by: 'cooldown' }, 6)).toBe(
			'You asked a moment ago. Wait 2 s before asking again.'
		);
		expect(ringRefusal({ waitMs: 40_000, by: 'window' }, 6)).toBe(
			'You have asked for 6 chats in the last minute. Wait 40 s before asking again.'
		);
		expect(feedbackRefusal({ waitMs: 30_000 })).toMatch(/Try again in a minute\.$/);
		expect(feedbackRefusal({ waitMs: 25 * 60_000 })).toMatch(/Try again in 25 minutes\.$/);
	});
});
