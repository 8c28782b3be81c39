import { describe, expect, it } from 'vitest';
import { checkoutForm, signPayload, verifyStripeSignature, webhookAction } from './stripe.js';

const SECRET = 'whsec_unit';
const BODY = '{"id":"evt_1","type":"checkout.session.completed"}';
const NOW = 1_700_000_000;

const header = (t: number, body = BODY, secret = SECRET) =>
	`t=${t},v1=${signPayload(secret, t, body)}`;

describe('verifyStripeSignature', () => {
	it('accepts a fresh, correctly signed body (also among other signatures and schemes)', () => {
		expect(verifyStripeSignature(header(NOW), BODY, SECRET, NOW)).toEqual({
			ok: true,
			timestamp: NOW
		});
		const other = 'a'.repeat(64);
		expect(
			verifyStripeSignature(
				`t=${NOW},v0=${other},v1=${other},v1=${signPayload(SECRET, NOW, BODY)}`,
				BODY,
				SECRET,
				NOW
			).ok
		).toBe(true);
		expect(verifyStripeSignature(header(NOW), Buffer.from(BODY), SECRET, NOW + 300).ok).toBe(true);
	});

	it.each([
		['no header', undefined, 'missing'],
		['no timestamp', `v1=${'0'.repeat(64)}`, 'malformed'],
		['no v1 signature', `t=${NOW}`, 'malformed'],
		['a short signature', `t=${NOW},v1=abcd`, 'malformed'],
		['a signature by another secret', header(NOW, BODY, 'whsec_other'), 'mismatch'],
		['a signature of another body', header(NOW, '{"id":"evt_2"}'), 'mismatch'],
		['a timestamp 301 s old', header(NOW - 301), 'stale'],
		['a timestamp 301 s ahead', header(NOW + 301), 'stale']
	])('refuses %s', (_what, h, reason) => {
		expect(verifyStripeSignature(h, BODY, SECRET, NOW)).toEqual({ ok: false, reason });
	});

	it('refuses a body changed by one byte', () => {
		expect(verifyStripeSignature(header(NOW), BODY.replace('evt_1', 'evt_2'), SECRET, NOW).ok).toBe(
			false
		);
	});
});

describe('webhookAction', () => {
	const session = (over: Record<string, unknown> = {}) => ({
		object: 'checkout.session',
		id: 'cs_test_1',
		payment_status: 'paid',
		client_reference_id: 'alice',
		amount_total: 2500,
		currency: 'usd',
		...over
	});
	const event = (object: Record<string, unknown>, type = 'checkout.session.completed') => ({
		id: 'evt_1',
		type,
		data: { object }
	});

	it('credits a paid checkout session, keyed by the session', () => {
		expect(webhookAction(event(session()), 'USD')).toEqual({
			kind: 'credit',
			uid: 'alice',
			amount: 2500,
			key: 'cs_test_1'
		});
		expect(
			webhookAction(event(session(), 'checkout.session.async_payment_succeeded'), 'USD')
		).toMatchObject({ kind: 'credit', key: 'cs_test_1' });
	});

	it.each([
		['another event type', event(session(), 'payment_intent.succeeded')],
		['an unpaid session', event(session({ payment_status: 'unpaid' }))],
		['another currency', event(session({ currency: 'eur' }))],
		['no customer', event(session({ client_reference_id: null }))],
		['a customer id with a slash', event(session({ client_reference_id: 'a/b' }))],
		['a fractional amount', event(session({ amount_total: 12.5 }))],
		['a zero amount', event(session({ amount_total: 0 }))],
		['an amount as text', event(session({ amount_total: '2500' }))],
		['not an event', { hello: 'world' }],
		['null', null]
	])('ignores %s', (_what, e) => {
		expect(webhookAction(e, 'USD').kind).toBe('ignore');
	});
});

describe('checkoutForm', () => {
	it('asks Stripe for one line of the amount, returning to the app path', () => {
		const form = checkoutForm({
			uid: 'alice',
			amountCents: 2500,
			currency: 'USD',
			appUrl: 'https://parley.example.com',
			returnPath: '/chat/s1'
		});
		expect(Object.fromEntries(form)).toEqual({
			mode: 'payment',
			client_reference_id: 'alice',
			'metadata[uid]': 'alice',
			'line_items[0][quantity]': '1',
			'line_items[0][price_data][currency]': 'usd',
			'line_items[0][price_data][unit_amount]': '2500',
			'line_items[0][price_data][product_data][name]': 'Parley wallet top-up',
			success_url: 'https://parley.example.com/chat/s1?topUp=done',
			cancel_url: 'https://parley.example.com/chat/s1?topUp=cancelled'
		});
	});
});
