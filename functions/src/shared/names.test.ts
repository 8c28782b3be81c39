import { describe, expect, it } from 'vitest';
import { firstName } from './names.js';

describe('firstName', () => {
	it('takes the first word of a display name', () => {
		expect(firstName('Alice Moreau')).toBe('Alice');
		expect(firstName('  Luna   Vale ')).toBe('Luna');
	});
	it('keeps a one-word name whole', () => {
		expect(firstName('Cher')).toBe('Cher');
	});
});
