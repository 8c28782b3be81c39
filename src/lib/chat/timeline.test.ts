import { describe, expect, it } from 'vitest';
import type { MessageView } from './message-view';
import { dayLabel, isNearBottom, onNewestMessage, timeLabel, timeline } from './timeline';

const NOW = new Date(2025, 2, 12, 15, 30); // Wednesday 12 March 2025, 15:30 local time
// (ICU versions differ in small details such as a comma after the weekday.)

function msg(
	id: string,
	side: MessageView['side'],
	at: Date | null,
	authorName = 'Luna'
): MessageView {
	return { id, side, authorName, text: id, at, state: 'sent' };
}

describe('dayLabel', () => {
	it('says Today and Yesterday, then dates', () => {
		expect(dayLabel(new Date(2025, 2, 12, 0, 1), NOW, 'en-GB')).toBe('Today');
		expect(dayLabel(new Date(2025, 2, 11, 23, 59), NOW, 'en-GB')).toBe('Yesterday');
		expect(dayLabel(new Date(2025, 2, 3, 9), NOW, 'en-GB')).toMatch(/^Monday,? 3 March$/);
		expect(dayLabel(new Date(2024, 11, 31, 9), NOW, 'en-GB')).toMatch(
			/^Tuesday,? 31 December 2024$/
		);
	});

	it('handles the first of the month', () => {
		const first = new Date(2025, 2, 1, 10);
		expect(dayLabel(new Date(2025, 1, 28, 22), first, 'en-GB')).toBe('Yesterday');
	});
});

describe('timeLabel', () => {
	it('formats the time of day in the given locale', () => {
		expect(timeLabel(new Date(2025, 2, 12, 9, 5), 'en-GB')).toMatch(/^0?9:05$/);
		expect(timeLabel(new Date(2025, 2, 12, 21, 5), 'en-US')).toMatch(/^9:05\sPM$/);
	});
});

describe('timeline', () => {
	it('puts day labels where the day changes', () => {
		const entries = timeline(
			[
				msg('a', 'them', new Date(2025, 2, 11, 10)),
				msg('b', 'them', new Date(2025, 2, 11, 11)),
				msg('c', 'me', new Date(2025, 2, 12, 9)),
				msg('d', 'me', null)
			],
			NOW,
			'en-GB'
		);
		expect(entries.map((e) => e.dayLabel)).toEqual(['Yesterday', null, 'Today', null]);
	});

	it('names the other person at the start of each run of their messages', () => {
		const at = new Date(2025, 2, 12, 9);
		const entries = timeline(
			[
				msg('s', 'system', at, ''),
				msg('a', 'them', at),
				msg('b', 'them', at),
				msg('c', 'me', at, 'Me'),
				msg('d', 'them', at),
				msg('e', 'them', at, 'Group owner')
			],
			NOW
		);
		expect(entries.map((e) => e.showAuthor)).toEqual([false, true, false, false, true, true]);
	});

	it('marks my newest message', () => {
		const at = new Date(2025, 2, 12, 9);
		const entries = timeline([msg('a', 'me', at), msg('b', 'me', at), msg('c', 'them', at)], NOW);
		expect(entries.map((e) => e.latestOfMine)).toEqual([false, true, false]);
		expect(timeline([], NOW)).toEqual([]);
	});
});

describe('scrolling', () => {
	it('counts the last few pixels as the bottom', () => {
		expect(isNearBottom({ scrollTop: 920, scrollHeight: 1500, clientHeight: 500 })).toBe(true);
		expect(isNearBottom({ scrollTop: 1000, scrollHeight: 1500, clientHeight: 500 })).toBe(true);
		expect(isNearBottom({ scrollTop: 900, scrollHeight: 1500, clientHeight: 500 })).toBe(false);
		expect(isNearBottom({ scrollTop: 0, scrollHeight: 300, clientHeight: 500 })).toBe(true);
	});

	it('follows new messages at the bottom, and my own always', () => {
		expect(onNewestMessage({ wasNearBottom: true, newest: { side: 'them' } })).toBe('scroll');
		expect(onNewestMessage({ wasNearBottom: false, newest: { side: 'me' } })).toBe('scroll');
		expect(onNewestMessage({ wasNearBottom: false, newest: { side: 'them' } })).toBe('notify');
		expect(onNewestMessage({ wasNearBottom: false, newest: { side: 'system' } })).toBe('notify');
		expect(onNewestMessage({ wasNearBottom: false, newest: null })).toBe('none');
	});
});
