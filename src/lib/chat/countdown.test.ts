import { describe, expect, it } from 'vitest';
import { formatSeconds, fractionLeft, msUntilNextTick, secondsLeft } from './countdown';

describe('secondsLeft', () => {
	it('rounds up and stops at zero', () => {
		expect(secondsLeft(45_000, 0)).toBe(45);
		expect(secondsLeft(45_000, 1)).toBe(45);
		expect(secondsLeft(45_000, 999)).toBe(45);
		expect(secondsLeft(45_000, 1000)).toBe(44);
		expect(secondsLeft(45_000, 44_001)).toBe(1);
		expect(secondsLeft(45_000, 45_000)).toBe(0);
		expect(secondsLeft(45_000, 99_000)).toBe(0);
	});
});

describe('fractionLeft', () => {
	it('goes from 1 to 0 and stays within', () => {
		expect(fractionLeft(45_000, 0, 45)).toBe(1);
		expect(fractionLeft(45_000, 22_500, 45)).toBe(0.5);
		expect(fractionLeft(45_000, 45_000, 45)).toBe(0);
		expect(fractionLeft(45_000, 50_000, 45)).toBe(0);
		expect(fractionLeft(45_000, -5_000, 45)).toBe(1);
		expect(fractionLeft(45_000, 0, 0)).toBe(0);
	});
});

describe('msUntilNextTick', () => {
	it('waits until the displayed second changes', () => {
		expect(msUntilNextTick(45_000, 0)).toBe(1000);
		expect(msUntilNextTick(45_000, 250)).toBe(750);
		expect(msUntilNextTick(45_000, 44_900)).toBe(100);
		expect(msUntilNextTick(45_000, 45_000)).toBe(1000);
	});

	it('lands exactly on the change', () => {
		const expires = 45_000;
		let now = 123;
		const seen: number[] = [];
		while (secondsLeft(expires, now) > 0) {
			now += msUntilNextTick(expires, now);
			seen.push(secondsLeft(expires, now));
		}
		expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => 44 - i));
	});
});

describe('formatSeconds', () => {
	it('is short', () => {
		expect(formatSeconds(0)).toBe('0 s');
		expect(formatSeconds(45)).toBe('45 s');
		expect(formatSeconds(65)).toBe('1 min 05 s');
	});
});
