/**
 * Money maths shared by the app and the functions. All amounts are integer minor units
 * (cents); nothing here ever sees a float amount.
 */
declare const centsBrand: unique symbol;
/** An integer amount of minor units of the deployment currency. */
export type Cents = number & { readonly [centsBrand]: true };

export function isCents(value: unknown): value is Cents {
	return typeof value === 'number' && Number.isSafeInteger(value);
}

export function cents(value: number): Cents {
	if (!isCents(value)) throw new RangeError(`Not an integer amount of cents: ${value}`);
	return value;
}

/**
 * Splits a lock price between the platform and the operator's payee account.
 * Rounding rule (pinned by tests): the platform share is rounded half up to the cent, and the
 * payee receives the exact remainder, so `platform + payee === price` always holds.
 */
export function splitPrice(price: Cents, commissionBps: number): { platform: Cents; payee: Cents } {
	if (!isCents(price) || price < 0) throw new RangeError(`Invalid price: ${price}`);
	if (!Number.isInteger(commissionBps) || commissionBps < 0 || commissionBps > 10_000) {
		throw new RangeError(`Invalid commission: ${commissionBps}`);
	}
	const platform = Math.floor((price * commissionBps + 5_000) / 10_000) as Cents;
	return { platform, payee: (price - platform) as Cents };
}

/** Formats cents for display, e.g. `formatMoney(1234, 'USD')` → "$12.34". */
export function formatMoney(amount: Cents | number, currency: string, locale = 'en-US'): string {
	return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount / 100);
}

/**
 * Parses a user-typed decimal amount ("12", "12.5", "12.50") into cents without going through
 * floating point. Returns null for anything else (negative, more than two decimals, text).
 */
export function parseAmount(text: string): Cents | null {
	const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(text);
	if (!match) return null;
	const whole = Number(match[1]);
	const fraction = Number((match[2] ?? '').padEnd(2, '0'));
	return (whole * 100 + fraction) as Cents;
}
