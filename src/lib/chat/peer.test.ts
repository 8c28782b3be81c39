import { describe, expect, it } from 'vitest';
import { PEER_LOST_ASK_MS, peerState, shouldReportLost } from './peer';

describe('peerState', () => {
	const base = { ended: false, present: true, leaving: false, lastChangeMs: 0, periodMs: 10_000 };
	it('shows the other side here until 2.5 periods without a heartbeat, then away', () => {
		expect(peerState({ ...base, nowMs: 25_000 })).toBe('here');
		expect(peerState({ ...base, nowMs: 25_001 })).toBe('away');
	});
	it('waiting before their window exists, leaving once it announced its close, left once ended', () => {
		expect(peerState({ ...base, present: false, nowMs: 1 })).toBe('waiting');
		expect(peerState({ ...base, leaving: true, nowMs: 1 })).toBe('leaving');
		expect(peerState({ ...base, leaving: true, nowMs: 99_000 })).toBe('leaving');
		expect(peerState({ ...base, ended: true, leaving: true, nowMs: 1 })).toBe('left');
	});
});

describe('shouldReportLost', () => {
	const base = {
		peer: 'away' as const,
		online: true,
		lastChangeMs: 0,
		timeoutMs: 30_000,
		lastAskedMs: -Infinity
	};
	it('asks once they have been silent past the timeout', () => {
		expect(shouldReportLost({ ...base, nowMs: 30_000 })).toBe(false);
		expect(shouldReportLost({ ...base, nowMs: 30_001 })).toBe(true);
	});
	it('asks again only every few seconds', () => {
		expect(shouldReportLost({ ...base, nowMs: 40_000, lastAskedMs: 36_000 })).toBe(false);
		expect(
			shouldReportLost({ ...base, nowMs: 36_000 + PEER_LOST_ASK_MS, lastAskedMs: 36_000 })
		).toBe(true);
	});
	it('never while this window is itself cut off, or while they are not away', () => {
		expect(shouldReportLost({ ...base, online: false, nowMs: 60_000 })).toBe(false);
		for (const peer of ['here', 'waiting', 'leaving', 'left'] as const) {
			expect(shouldReportLost({ ...base, peer, nowMs: 60_000 })).toBe(false);
		}
	});
});
