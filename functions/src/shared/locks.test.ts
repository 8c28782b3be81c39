import { describe, expect, it } from 'vitest';
import { LIMITS } from './config.js';
import type { Cents } from './money.js';
import { descriptionProblem, priceBoundsSentence, priceProblem } from './locks.js';
import type { PlatformSettings } from './settings.js';

const settings: PlatformSettings = {
	commissionBps: 3000,
	lockMinCents: 50 as Cents,
	lockMaxCents: 50_000 as Cents,
	currency: 'USD'
};

describe('priceProblem', () => {
	it('accepts prices within the bounds, the bounds included', () => {
		for (const price of [50, 51, 1250, 49_999, 50_000]) {
			expect(priceProblem(price, settings)).toBeNull();
		}
	});

	it('refuses prices outside them with the bounds sentence', () => {
		const sentence = priceBoundsSentence(50, 50_000, 'USD');
		expect(sentence).toBe('Choose a price from $0.50 to $500.00.');
		for (const price of [0, 1, 49, 50_001, 1_000_000]) {
			expect(priceProblem(price, settings)).toBe(sentence);
		}
	});

	it('says the bounds in force, in their currency', () => {
		expect(priceProblem(10, { ...settings, lockMinCents: 100 as Cents, currency: 'EUR' })).toBe(
			priceBoundsSentence(100, 50_000, 'EUR')
		);
	});
});

describe('descriptionProblem', () => {
	it('accepts 1 to LIMITS.lockDescriptionMax characters', () => {
		expect(descriptionProblem('x')).toBeNull();
		expect(descriptionProblem('Tarot reading')).toBeNull();
		expect(descriptionProblem('x'.repeat(LIMITS.lockDescriptionMax))).toBeNull();
	});

	it('refuses an empty or too long description with its sentence', () => {
		expect(descriptionProblem('')).toBe('Describe what you will do once the chat is unlocked.');
		expect(descriptionProblem('x'.repeat(LIMITS.lockDescriptionMax + 1))).toBe(
			`Descriptions have at most ${LIMITS.lockDescriptionMax} characters.`
		);
	});
});
