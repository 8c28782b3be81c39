import { describe, expect, it } from 'vitest';
import { DEFAULTS } from './config.js';
import { splitPrice, type Cents } from './money.js';
import { settingsFrom } from './settings.js';

const c = (n: number) => n as Cents;

describe('settingsFrom', () => {
	it('uses DEFAULTS without a document', () => {
		expect(settingsFrom(undefined)).toEqual({
			commissionBps: DEFAULTS.commissionBps,
			lockMinCents: DEFAULTS.lockMinCents,
			lockMaxCents: DEFAULTS.lockMaxCents,
			currency: DEFAULTS.currency
		});
	});

	it('keeps sound stored values and replaces unsound ones', () => {
		expect(
			settingsFrom({ commissionBps: 2000, lockMinCents: 100, lockMaxCents: 900, currency: 'EUR' })
		).toEqual({ commissionBps: 2000, lockMinCents: 100, lockMaxCents: 900, currency: 'EUR' });
		expect(settingsFrom({ commissionBps: 10_001 }).commissionBps).toBe(DEFAULTS.commissionBps);
		expect(settingsFrom({ commissionBps: '3000' }).commissionBps).toBe(DEFAULTS.commissionBps);
		expect(settingsFrom({ lockMinCents: 0 }).lockMinCents).toBe(DEFAULTS.lockMinCents);
		expect(settingsFrom({ lockMinCents: 900, lockMaxCents: 100 })).toMatchObject({
			lockMinCents: DEFAULTS.lockMinCents,
			lockMaxCents: DEFAULTS.lockMaxCents
		});
	});

	it('pins the split of the default commission (rounding half up to the platform)', () => {
		expect(splitPrice(c(1250), DEFAULTS.commissionBps)).toEqual({ platform: 375, payee: 875 });
		expect(splitPrice(c(55), DEFAULTS.commissionBps)).toEqual({ platform: 17, payee: 38 });
		expect(splitPrice(c(5), 1000)).toEqual({ platform: 1, payee: 4 });
	});
});
