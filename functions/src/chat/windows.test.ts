import { describe, expect, it } from 'vitest';
import { leaveOutcome, lostEndedBy, lostSide, windowOpen, type WindowSeen } from './windows.js';

const NOW = 1_000_000;
const at = { nowMs: NOW, cutoffMs: NOW - 30_000, leaveGraceMs: 3000 };
const win = (
	role: 'customer' | 'operator',
	seenAgoMs: number,
	leavingAgoMs: number | null = null
): WindowSeen => ({
	role,
	seenAtMs: NOW - seenAgoMs,
	leavingAtMs: leavingAgoMs === null ? null : NOW - leavingAgoMs
});

describe('windowOpen', () => {
	it('counts a window open while it beat at or after the cutoff', () => {
		expect(windowOpen(win('operator', 30_000), at)).toBe(true);
		expect(windowOpen(win('operator', 30_001), at)).toBe(false);
	});

	it('a window whose announced close is long past counts as gone, however fresh its beat', () => {
		expect(windowOpen(win('operator', 1000, 6000), at)).toBe(true);
		expect(windowOpen(win('operator', 1000, 6001), at)).toBe(false);
	});
});

describe('lostSide', () => {
	it('keeps the chat while each side has a window open', () => {
		expect(
			lostSide([win('operator', 0), win('customer', 0)], at, { lockPending: false })
		).toBeNull();
		expect(
			lostSide([win('operator', 40_000), win('operator', 5000), win('customer', 0)], at, {
				lockPending: false
			})
		).toBeNull();
	});

	it('finds the operator side gone when every operator-side window is silent', () => {
		expect(
			lostSide([win('operator', 40_000), win('customer', 0)], at, { lockPending: false })
		).toBe('operator');
		expect(lostSide([win('customer', 0)], at, { lockPending: true })).toBe('operator');
	});

	it('finds the customer gone, but not while an offer waits for them', () => {
		const windows = [win('operator', 0), win('customer', 40_000)];
		expect(lostSide(windows, at, { lockPending: false })).toBe('customer');
		expect(lostSide(windows, at, { lockPending: true })).toBeNull();
	});

	it('looks only at the side it is asked about', () => {
		const windows = [win('operator', 40_000), win('customer', 40_000)];
		expect(lostSide(windows, at, { lockPending: false, only: 'customer' })).toBe('customer');
		expect(lostSide(windows, at, { lockPending: false, only: 'operator' })).toBe('operator');
		expect(
			lostSide([win('operator', 0), win('customer', 0)], at, {
				lockPending: false,
				only: 'customer'
			})
		).toBeNull();
	});

	it('records which side was lost', () => {
		expect(lostEndedBy('operator')).toBe('timeout');
		expect(lostEndedBy('customer')).toBe('customerTimeout');
	});
});

describe('leaveOutcome', () => {
	const closed = { markedMs: NOW - 3000, currentMs: NOW - 3000, at, lockPending: false };

	it('ends the chat for a window that closed and did not come back', () => {
		expect(leaveOutcome({ ...closed, side: 'operator', others: [win('customer', 0)] })).toBe('end');
		expect(leaveOutcome({ ...closed, side: 'customer', others: [win('operator', 0)] })).toBe('end');
	});

	it('a window that wrote again (a reload) or is gone cancels the end', () => {
		expect(leaveOutcome({ ...closed, currentMs: null, side: 'operator', others: [] })).toBe(
			'returned'
		);
		expect(leaveOutcome({ ...closed, currentMs: NOW - 1000, side: 'operator', others: [] })).toBe(
			'returned'
		);
	});

	it('another open window of the same side carries on', () => {
		expect(
			leaveOutcome({
				...closed,
				side: 'operator',
				others: [win('operator', 2000), win('customer', 0)]
			})
		).toBe('stayed');
		// ...but not one that is closing too, or silent.
		expect(leaveOutcome({ ...closed, side: 'operator', others: [win('operator', 0, 1000)] })).toBe(
			'end'
		);
		expect(leaveOutcome({ ...closed, side: 'operator', others: [win('operator', 40_000)] })).toBe(
			'end'
		);
		// The other side's windows do not count.
		expect(leaveOutcome({ ...closed, side: 'customer', others: [win('operator', 0)] })).toBe('end');
	});

	it('holds a customer who left while an offer waits (topping up); never the operator side', () => {
		expect(leaveOutcome({ ...closed, lockPending: true, side: 'customer', others: [] })).toBe(
			'held'
		);
		expect(leaveOutcome({ ...closed, lockPending: true, side: 'operator', others: [] })).toBe(
			'end'
		);
	});
});
