/**
 * Stripe's webhook against the Functions emulator, with events signed offline the way Stripe signs
 * them (HMAC-SHA256 of `${t}.${body}` with the endpoint's secret, which the test runner gives the
 * emulators as STRIPE_WEBHOOK_SECRET): a paid checkout credits once however often it arrives;
 * bad or stale signatures are refused; other events are acknowledged and ignored.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signPayload } from '../../functions/lib/money/stripe.js';
import { FUNCTIONS_ORIGIN, PROJECT_ID, resetEmulators } from '../emulator';
import { all } from './admin-sdk';
import { balanceOf, expectMoneyInvariants, person, type Person } from './money-kit';

const SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? '';
const URL_ = `${FUNCTIONS_ORIGIN}/${PROJECT_ID}/us-central1/stripeWebhook`;
let alice: Person;

function checkoutEvent(
	id: string,
	over: Record<string, unknown> = {},
	type = 'checkout.session.completed'
) {
	return {
		id,
		object: 'event',
		type,
		data: {
			object: {
				object: 'checkout.session',
				id: 'cs_test_a1',
				mode: 'payment',
				payment_status: 'paid',
				client_reference_id: alice.uid,
				amount_total: 2500,
				currency: 'usd',
				...over
			}
		}
	};
}

async function send(
	event: unknown,
	options: { age?: number; secret?: string; header?: string | null; body?: string } = {}
) {
	const body = options.body ?? JSON.stringify(event);
	const t = Math.floor(Date.now() / 1000) - (options.age ?? 0);
	const header =
		options.header === undefined
			? `t=${t},v1=${signPayload(options.secret ?? SECRET, t, JSON.stringify(event))}`
			: options.header;
	const response = await fetch(URL_, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			...(header ? { 'stripe-signature': header } : {})
		},
		body
	});
	const text = await response.text();
	return { status: response.status, text };
}

beforeAll(async () => {
	expect(SECRET, 'the test runner sets STRIPE_WEBHOOK_SECRET').toMatch(/^whsec_/);
	await fetch(URL_, { method: 'GET' });
});

beforeEach(async () => {
	await resetEmulators();
	alice = await person('Alice');
});

afterEach(async () => {
	await expectMoneyInvariants();
});

describe('stripeWebhook', () => {
	it('credits a paid checkout once, however often and however it arrives', async () => {
		const first = await send(checkoutEvent('evt_1'));
		expect(first.status).toBe(200);
		expect(JSON.parse(first.text)).toMatchObject({ received: true, credited: true });
		expect(await balanceOf(alice)).toBe(2500);
		const [transfer] = await all('transfers');
		expect(transfer).toMatchObject({
			kind: 'topUp',
			amount: 2500,
			key: 'stripe:cs_test_a1',
			readers: [alice.uid]
		});

		// Stripe re-sends the same event (a lost 200): acknowledged, not credited again.
		const replay = await send(checkoutEvent('evt_1'));
		expect(replay.status).toBe(200);
		expect(JSON.parse(replay.text)).toMatchObject({ credited: false });
		// Another event about the same payment: still one credit.
		const other = await send(
			checkoutEvent('evt_2', {}, 'checkout.session.async_payment_succeeded')
		);
		expect(JSON.parse(other.text)).toMatchObject({ credited: false });
		expect(await balanceOf(alice)).toBe(2500);
		expect(await all('transfers')).toHaveLength(1);
		// A second checkout is a second credit.
		await send(checkoutEvent('evt_3', { id: 'cs_test_b2', amount_total: 1000 }));
		expect(await balanceOf(alice)).toBe(3500);
	});

	it.each([
		['a signature made with another secret', { secret: 'whsec_not_ours' }],
		['a timestamp older than five minutes', { age: 301 }],
		['a timestamp five minutes ahead', { age: -301 }],
		['no signature header', { header: null }],
		['a header without v1', { header: 't=1700000000' }]
	])('refuses %s with 400 and credits nothing', async (_what, options) => {
		const r = await send(checkoutEvent('evt_bad'), options);
		expect(r.status).toBe(400);
		expect(r.text).toMatch(/^Signature refused: /);
		expect(await balanceOf(alice)).toBe(0);
		expect(await all('transfers')).toEqual([]);
	});

	it('refuses a body changed after signing', async () => {
		const event = checkoutEvent('evt_x');
		const forged = JSON.stringify(checkoutEvent('evt_x', { amount_total: 999_999 }));
		const r = await send(event, { body: forged });
		expect(r.status).toBe(400);
		expect(await balanceOf(alice)).toBe(0);
	});

	it('acknowledges other events and unpaid or foreign checkouts without moving money', async () => {
		for (const event of [
			{ id: 'evt_a', object: 'event', type: 'customer.created', data: { object: { id: 'cus_1' } } },
			checkoutEvent('evt_b', { payment_status: 'unpaid' }),
			checkoutEvent('evt_c', { currency: 'eur' }),
			checkoutEvent('evt_d', { client_reference_id: null })
		]) {
			const r = await send(event);
			expect(r.status).toBe(200);
			expect(JSON.parse(r.text)).toMatchObject({ received: true, credited: false });
		}
		expect(await all('transfers')).toEqual([]);
	});

	it('answers 405 to anything but POST', async () => {
		expect((await fetch(URL_, { method: 'GET' })).status).toBe(405);
	});
});
