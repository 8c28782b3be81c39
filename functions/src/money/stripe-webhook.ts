/**
 * Stripe's webhook: verifies the `Stripe-Signature` header over the raw body, then credits the
 * wallet of a paid Checkout Session (topUp, provider 'stripe', keyed by the Checkout Session id:
 * replays and duplicate events credit once). Answers:
 *   200  handled (credited, already credited, or an event this product ignores)
 *   400  no or bad signature, stale timestamp, a body that is not JSON
 *   405  not a POST
 *   500  no signing secret configured, or the credit failed (Stripe retries later)
 */
import { onRequest } from 'firebase-functions/https';
import { logger } from 'firebase-functions';
import { MAX_INSTANCES, secretValue, stripeSecrets, stripeWebhookSecret } from '../config.js';
import { failAfterCommit } from '../dev/faults.js';
import { db } from '../lib/admin.js';
import type { Cents } from '../shared/money.js';
import { settingsRef } from '../lib/refs.js';
import { settingsFrom } from '../shared/settings.js';
import { topUp } from './ledger.js';
import { verifyStripeSignature, webhookAction } from './stripe.js';

export const stripeWebhook = onRequest(
	{ secrets: stripeSecrets(stripeWebhookSecret), maxInstances: MAX_INSTANCES.stripeWebhook },
	async (req, res) => {
		if (req.method !== 'POST') {
			res.status(405).send('Use POST.');
			return;
		}
		const secret = secretValue(stripeWebhookSecret);
		if (!secret) {
			logger.error('STRIPE_WEBHOOK_SECRET is not set');
			res.status(500).send('Webhook not configured.');
			return;
		}
		const check = verifyStripeSignature(req.get('stripe-signature'), req.rawBody, secret);
		if (!check.ok) {
			res.status(400).send(`Signature refused: ${check.reason}.`);
			return;
		}
		let event: unknown;
		try {
			event = JSON.parse(req.rawBody.toString('utf8'));
		} catch {
			res.status(400).send('Body is not JSON.');
			return;
		}
		const { currency } = settingsFrom((await settingsRef(db()).get()).data());
		const action = webhookAction(event, currency);
		if (action.kind === 'ignore') {
			res.status(200).json({ received: true, credited: false, ignored: action.why });
			return;
		}
		try {
			const r = await topUp(db(), {
				uid: action.uid,
				amount: action.amount as Cents,
				provider: 'stripe',
				key: action.key
			});
			failAfterCommit(req, 'stripeWebhook');
			res.status(200).json({ received: true, credited: !r.duplicate, transferId: r.transferId });
		} catch (error) {
			logger.error('stripe credit failed', { error: String(error) });
			res.status(500).send('Credit failed; retry later.');
		}
	}
);
