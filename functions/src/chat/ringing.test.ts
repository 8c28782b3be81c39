import { describe, expect, it } from 'vitest';
import { ringState } from './ringing.js';

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
