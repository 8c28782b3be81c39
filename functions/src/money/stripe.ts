/**
 * Stripe, through its documented HTTP API only (no SDK): the Checkout Session request and the
 * webhook's signature check. The signature scheme (Stripe's "v1"): the `Stripe-Signature` header
 * is `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, and v1 is HMAC-SHA256 of `${t}.${rawBody}` keyed
 * with the endpoint's signing secret. A timestamp older than the tolerance is refused, so a
 * captured request cannot be replayed later; replays within it are harmless (credits are keyed).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DOC_ID_PATTERN } from '../shared/paths.js';

/** Stripe's own default tolerance. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
	| { ok: true; timestamp: number }
	| { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function signPayload(secret: string, timestamp: number, rawBody: string | Buffer): string {
	return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

export function verifyStripeSignature(
	header: string | undefined,
	rawBody: string | Buffer,
	secret: string,
	nowSeconds = Math.floor(Date.now() / 1000),
	toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS
): SignatureCheck {
	if (!header) return { ok: false, reason: 'missing' };
	let timestamp: number | null = null;
	const signatures: string[] = [];
	for (const part of header.split(',')) {
		const at = part.indexOf('=');
		if (at < 0) continue;
		const key = part.slice(0, at).trim();
		const value = part.slice(at + 1).trim();
		if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
		if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
	}
	if (timestamp === null || signatures.length === 0) return { ok: false, reason: 'malformed' };
	if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale' };
	const expected = Buffer.from(signPayload(secret, timestamp, rawBody), 'hex');
	// Compared in constant time: a byte-by-byte comparison would leak how much of a guess matched.
	const match = signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
	return match ? { ok: true, timestamp } : { ok: false, reason: 'mismatch' };
}

/** What a verified event asks of the wallet: a credit, or nothing (any other event). */
export type WebhookAction =
	{ kind: 'credit'; uid: string; amount: number; key: string } | { kind: 'ignore'; why: string };

/**
 * A paid Checkout Session credits the customer named by `client_reference_id` with
 * `amount_total`, keyed by the Checkout Session's id: a replayed event, or the second of
 * `checkout.session.completed` and `checkout.session.async_payment_succeeded` for one payment,
 * credits once. Sessions in another currency or not yet paid are ignored.
 */
export function webhookAction(event: unknown, currency: string): WebhookAction {
	const e = event as {
		id?: unknown;
		type?: unknown;
		data?: { object?: Record<string, unknown> };
	};
	if (typeof e?.id !== 'string' || typeof e.type !== 'string') {
		return { kind: 'ignore', why: 'not an event' };
	}
	if (
		e.type !== 'checkout.session.completed' &&
		e.type !== 'checkout.session.async_payment_succeeded'
	) {
		return { kind: 'ignore', why: `unhandled type ${e.type}` };
	}
	const s = e.data?.object ?? {};
	const uid = s.client_reference_id;
	const amount = s.amount_total;
	if (s.object !== 'checkout.session' || typeof s.id !== 'string') {
		return { kind: 'ignore', why: 'not a checkout session' };
	}
	if (s.payment_status !== 'paid') return { kind: 'ignore', why: 'not paid yet' };
	if (typeof uid !== 'string' || !DOC_ID_PATTERN.test(uid)) {
		return { kind: 'ignore', why: 'no customer' };
	}
	if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
		return { kind: 'ignore', why: 'no amount' };
	}
	if (typeof s.currency !== 'string' || s.currency.toUpperCase() !== currency.toUpperCase()) {
		return { kind: 'ignore', why: 'another currency' };
	}
	return { kind: 'credit', uid, amount, key: s.id };
}

/** The form body of Stripe's "create a Checkout Session" request (application/x-www-form-urlencoded). */
export function checkoutForm(input: {
	uid: string;
	amountCents: number;
	currency: string;
	appUrl: string;
	returnPath: string;
}): URLSearchParams {
	const back = (outcome: 'done' | 'cancelled') => {
		const url = new URL(input.returnPath, input.appUrl);
		url.searchParams.set('topUp', outcome);
		return url.toString();
	};
	return new URLSearchParams({
		mode: 'payment',
		client_reference_id: input.uid,
		'metadata[uid]': input.uid,
		'line_items[0][quantity]': '1',
		'line_items[0][price_data][currency]': input.currency.toLowerCase(),
		'line_items[0][price_data][unit_amount]': String(input.amountCents),
		'line_items[0][price_data][product_data][name]': 'Parley wallet top-up',
		success_url: back('done'),
		cancel_url: back('cancelled')
	});
}
