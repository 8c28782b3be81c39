/**
 * Production top-up: creates a Stripe Checkout Session through Stripe's REST API and answers its
 * page's URL. The money arrives later, through the signed webhook (stripe-webhook.ts), never from
 * this call. Not runnable offline (it needs Stripe): kept to building the request, which
 * stripe.ts's checkoutForm does and the unit tests check.
 */
import { HttpsError, onCall } from 'firebase-functions/https';
import { logger } from 'firebase-functions';
import { publicAppUrl, secretValue, stripeSecretKey, stripeSecrets } from '../config.js';
import { db } from '../lib/admin.js';
import { parsePayload, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { MONEY_ERRORS } from '../shared/locks.js';
import { settingsRef } from '../lib/refs.js';
import { settingsFrom } from '../shared/settings.js';
import { checkoutSchema } from './schemas.js';
import { checkoutForm } from './stripe.js';

const STRIPE_CHECKOUT = 'https://api.stripe.com/v1/checkout/sessions';

export const walletCheckout = onCall<Req<'walletCheckout'>, Promise<Res<'walletCheckout'>>>(
	{ secrets: stripeSecrets(stripeSecretKey) },
	async (request) => {
		const caller = requireAuth(request);
		const input = parsePayload(checkoutSchema, request.data);
		if (caller.role !== 'customer') {
			throw new HttpsError('permission-denied', MONEY_ERRORS.walletCustomersOnly);
		}
		const key = secretValue(stripeSecretKey);
		const appUrl = publicAppUrl();
		if (!key || !appUrl)
			throw new HttpsError('failed-precondition', MONEY_ERRORS.checkoutUnavailable);
		const { currency } = settingsFrom((await settingsRef(db()).get()).data());
		const response = await fetch(STRIPE_CHECKOUT, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${key}`,
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: checkoutForm({
				uid: caller.uid,
				amountCents: input.amountCents,
				currency,
				appUrl,
				returnPath: input.returnPath ?? '/wallet'
			}),
			signal: AbortSignal.timeout(15_000)
		}).catch((error: unknown) => {
			logger.error('stripe checkout unreachable', { error: String(error) });
			return null;
		});
		const body = (await response?.json().catch(() => null)) as { url?: unknown } | null;
		if (!response?.ok || typeof body?.url !== 'string') {
			logger.error('stripe checkout refused', { status: response?.status, body });
			throw new HttpsError('unavailable', MONEY_ERRORS.checkoutFailed);
		}
		return { url: body.url };
	}
);
