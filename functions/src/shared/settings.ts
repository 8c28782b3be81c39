/**
 * The platform settings in force (`settings/platform`, admin-edited): read through `settingsFrom`
 * by the functions (which price locks with them) and by the app (which shows their bounds), so the
 * two sanitise a stored document the same way.
 */
import { DEFAULTS } from './config.js';
import { SETTINGS_BOUNDS } from './locks.js';
import { isCents, type Cents } from './money.js';

export interface PlatformSettings {
	commissionBps: number;
	lockMinCents: Cents;
	lockMaxCents: Cents;
	currency: string;
}

/**
 * The settings in force: the stored document's values where they are sound, DEFAULTS otherwise
 * (an absent document, or a field an old version wrote differently, must not make prices free).
 */
export function settingsFrom(data: object | undefined): PlatformSettings {
	const d: Record<string, unknown> = { ...data };
	const int = (v: unknown, min: number, max: number): v is number =>
		isCents(v) && v >= min && v <= max;
	const commissionBps = int(d.commissionBps, 0, SETTINGS_BOUNDS.commissionBpsMax)
		? d.commissionBps
		: DEFAULTS.commissionBps;
	let lockMinCents = int(
		d.lockMinCents,
		SETTINGS_BOUNDS.lockMinCentsMin,
		SETTINGS_BOUNDS.lockMaxCentsCap
	)
		? d.lockMinCents
		: DEFAULTS.lockMinCents;
	let lockMaxCents = int(
		d.lockMaxCents,
		SETTINGS_BOUNDS.lockMinCentsMin,
		SETTINGS_BOUNDS.lockMaxCentsCap
	)
		? d.lockMaxCents
		: DEFAULTS.lockMaxCents;
	if (lockMinCents > lockMaxCents) {
		lockMinCents = DEFAULTS.lockMinCents;
		lockMaxCents = DEFAULTS.lockMaxCents;
	}
	const currency =
		typeof d.currency === 'string' && /^[A-Z]{3}$/.test(d.currency)
			? d.currency
			: DEFAULTS.currency;
	return {
		commissionBps,
		lockMinCents: lockMinCents as Cents,
		lockMaxCents: lockMaxCents as Cents,
		currency
	};
}
