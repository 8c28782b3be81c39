import { z } from 'zod';
import { DEFAULTS } from '../shared/config.js';
import { docId } from '../lib/doc-id.js';
import {
	descriptionProblem,
	IDEMPOTENCY_KEY_PATTERN,
	SETTINGS_BOUNDS,
	TOP_UP,
	topUpBoundsSentence
} from '../shared/locks.js';
import { formatMoney } from '../shared/money.js';

const key = z
	.string()
	.regex(IDEMPOTENCY_KEY_PATTERN, 'Send a key of 8 to 128 letters, digits, "-" or "_".');
/** Whole cents: z.int refuses fractions, NaN, infinities, strings and unsafe integers. */
const cents = (message: string) => z.int(message);

const PRICE = 'Enter the price as a whole number of cents.';

/** The bounds in force are checked against settings/platform in the transaction. */
export const lockCreateSchema = z.strictObject({
	sessionId: docId,
	priceCents: cents(PRICE).min(1, PRICE).max(SETTINGS_BOUNDS.lockMaxCentsCap, PRICE),
	description: z
		.string()
		.trim()
		.superRefine((text, ctx) => {
			const problem = descriptionProblem(text);
			if (problem) ctx.addIssue({ code: 'custom', message: problem });
		})
});

export const lockRefSchema = z.strictObject({ sessionId: docId, lockId: docId });

export const lockAgreeSchema = z.strictObject({ sessionId: docId, lockId: docId, key });

const demoBounds = topUpBoundsSentence(TOP_UP.demoMinCents, TOP_UP.demoMaxCents, DEFAULTS.currency);
export const demoTopUpSchema = z.strictObject({
	amountCents: cents(demoBounds)
		.min(TOP_UP.demoMinCents, demoBounds)
		.max(TOP_UP.demoMaxCents, demoBounds),
	key
});

const checkoutBounds = topUpBoundsSentence(
	TOP_UP.checkoutMinCents,
	TOP_UP.checkoutMaxCents,
	DEFAULTS.currency
);
export const checkoutSchema = z.strictObject({
	amountCents: cents(checkoutBounds)
		.min(TOP_UP.checkoutMinCents, checkoutBounds)
		.max(TOP_UP.checkoutMaxCents, checkoutBounds),
	/** An app path: never another site (the return address must stay ours). */
	returnPath: z
		.string()
		.regex(/^\/(?!\/)[A-Za-z0-9/_.-]{0,200}$/, 'Send a path of this site, such as /wallet.')
		.optional()
});

const COMMISSION = 'The commission must be a whole number of basis points from 0 to 10000.';
const MIN = `The minimum price must be a whole number of cents, at least ${formatMoney(SETTINGS_BOUNDS.lockMinCentsMin, DEFAULTS.currency)}.`;
const MAX = `The maximum price must be a whole number of cents, at most ${formatMoney(SETTINGS_BOUNDS.lockMaxCentsCap, DEFAULTS.currency)}.`;

export const updateSettingsSchema = z
	.strictObject({
		commissionBps: cents(COMMISSION)
			.min(0, COMMISSION)
			.max(SETTINGS_BOUNDS.commissionBpsMax, COMMISSION),
		lockMinCents: cents(MIN)
			.min(SETTINGS_BOUNDS.lockMinCentsMin, MIN)
			.max(SETTINGS_BOUNDS.lockMaxCentsCap, MIN),
		lockMaxCents: cents(MAX)
			.min(SETTINGS_BOUNDS.lockMinCentsMin, MAX)
			.max(SETTINGS_BOUNDS.lockMaxCentsCap, MAX)
	})
	.refine((s) => s.lockMinCents <= s.lockMaxCents, {
		message: 'The minimum price must not be above the maximum.',
		path: ['lockMinCents']
	});

export const refundLockSchema = z.strictObject({
	sessionId: docId,
	lockId: docId,
	reason: z
		.string()
		.trim()
		.min(1, 'Give a reason for the refund.')
		.max(500, 'Reasons have at most 500 characters.')
});
