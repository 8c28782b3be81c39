/**
 * A chat lock's moves, framework-agnostic: the operator side offers one (LockOffer) and may
 * withdraw it; the customer agrees and pays, or declines (LockAnswer). Each move is one callable;
 * the lock document (its own listener) then says what became of it. This tracks what is in
 * flight, the sentence of a refusal, and the payment's idempotency key.
 *
 *   pending ──pay──▶ paying ──▶ (the document turns paid)
 *                            └─▶ short of funds (the offer waits for a top-up) | refused | unknown
 *           ──decline / withdraw──▶ declining / withdrawing ──▶ (the document turns so) | refused
 *
 * One key per Pay click, reused when that click is retried after an outcome nobody knows (a
 * crash, a timeout, a lost connection: the payment may have gone through, and the same key is
 * charged nothing more); a fresh one after a success or a refusal.
 */
import {
	descriptionProblem,
	priceBoundsSentence,
	priceProblem,
	type InsufficientFundsDetails
} from '$shared/locks';
import type { PlatformSettings } from '$shared/settings';
import { parseAmount } from '$shared/money';
import type { CallFn } from '$lib/firebase/callables';
import { outcomeUnknown } from '$lib/firebase/retry';

export interface LockTarget {
	sessionId: string;
	lockId: string;
}

export type LockMove = 'pay' | 'decline' | 'withdraw';

export interface LockAnswerSnapshot {
	/** The move in flight: every button is off meanwhile. */
	busy: LockMove | null;
	error: string | null;
	/** The last Pay was refused for want of funds: how much is missing. */
	short: InsufficientFundsDetails | null;
}

export interface LockAnswerDeps {
	call: CallFn<'lockAgree' | 'lockDecline' | 'lockWithdraw'>;
	describe: (error: unknown) => string;
	/** A fresh idempotency key for one Pay click. */
	newKey: () => string;
}

function insufficientFunds(error: unknown): InsufficientFundsDetails | null {
	const details = (error as { details?: Partial<InsufficientFundsDetails> } | null)?.details;
	return details?.reason === 'insufficientFunds' ? (details as InsufficientFundsDetails) : null;
}

export class LockAnswer {
	private busy: LockMove | null = null;
	private error: string | null = null;
	private short: InsufficientFundsDetails | null = null;
	/** The key of the current Pay attempt, reused when the same attempt is retried. */
	private key: string | null = null;

	constructor(
		private readonly deps: LockAnswerDeps,
		private readonly onChange: (snapshot: LockAnswerSnapshot) => void = () => undefined
	) {}

	get snapshot(): LockAnswerSnapshot {
		return { busy: this.busy, error: this.error, short: this.short };
	}

	/** The customer's Agree & pay. Never rejects. */
	async pay({ sessionId, lockId }: LockTarget): Promise<void> {
		if (this.busy) return;
		this.start('pay');
		this.key ??= this.deps.newKey();
		try {
			await this.deps.call('lockAgree', { sessionId, lockId, key: this.key });
			this.key = null;
			this.short = null;
		} catch (error) {
			const short = insufficientFunds(error);
			if (short) {
				this.short = short;
				this.key = null;
			} else if (!outcomeUnknown(error)) {
				// Refused: nothing was charged, so the next click is a new attempt.
				this.key = null;
			}
			this.error = this.deps.describe(error);
		}
		this.finish();
	}

	/** The customer's Decline. Never rejects. */
	decline(target: LockTarget): Promise<void> {
		return this.answer('decline', () => this.deps.call('lockDecline', target));
	}

	/** The operator side's Withdraw offer. Never rejects. */
	withdraw(target: LockTarget): Promise<void> {
		return this.answer('withdraw', () => this.deps.call('lockWithdraw', target));
	}

	private async answer(move: 'decline' | 'withdraw', send: () => Promise<unknown>) {
		if (this.busy) return;
		this.start(move);
		try {
			await send();
		} catch (error) {
			this.error = this.deps.describe(error);
		}
		this.finish();
	}

	private start(move: LockMove) {
		this.busy = move;
		this.error = null;
		this.onChange(this.snapshot);
	}

	private finish() {
		this.busy = null;
		this.onChange(this.snapshot);
	}
}

/** The bounds an offer's price must keep: the platform settings in force (`settingsFrom`). */
export type OfferBounds = Pick<PlatformSettings, 'lockMinCents' | 'lockMaxCents' | 'currency'>;

/** What is wrong with an offer before it is sent: the price, the description, or nothing. */
export type OfferCheck =
	| { ok: true; priceCents: number; description: string }
	| { ok: false; field: 'price' | 'description'; message: string };

export function checkOffer(price: string, description: string, bounds: OfferBounds): OfferCheck {
	const cents = parseAmount(price);
	const priceWrong =
		cents === null
			? priceBoundsSentence(bounds.lockMinCents, bounds.lockMaxCents, bounds.currency)
			: priceProblem(cents, bounds);
	if (cents === null || priceWrong !== null) {
		return { ok: false, field: 'price', message: priceWrong ?? '' };
	}
	const text = description.trim();
	const descriptionWrong = descriptionProblem(text);
	if (descriptionWrong !== null)
		return { ok: false, field: 'description', message: descriptionWrong };
	return { ok: true, priceCents: cents, description: text };
}

export interface LockOfferSnapshot {
	busy: boolean;
	/** Beside the price field. */
	priceError: string | null;
	/** Under the form: a missing description or the server's refusal. */
	error: string | null;
}

export interface LockOfferDeps {
	call: CallFn<'lockCreate'>;
	describe: (error: unknown) => string;
}

export class LockOffer {
	private busy = false;
	private priceError: string | null = null;
	private error: string | null = null;

	constructor(
		private readonly deps: LockOfferDeps,
		private readonly onChange: (snapshot: LockOfferSnapshot) => void = () => undefined
	) {}

	get snapshot(): LockOfferSnapshot {
		return { busy: this.busy, priceError: this.priceError, error: this.error };
	}

	/** Checks the offer and sends it: true once the server created the lock. Never rejects. */
	async create(
		sessionId: string,
		price: string,
		description: string,
		bounds: OfferBounds
	): Promise<boolean> {
		if (this.busy) return false;
		this.error = null;
		this.priceError = null;
		const check = checkOffer(price, description, bounds);
		if (!check.ok) {
			if (check.field === 'price') this.priceError = check.message;
			else this.error = check.message;
			this.onChange(this.snapshot);
			return false;
		}
		this.busy = true;
		this.onChange(this.snapshot);
		let created = false;
		try {
			await this.deps.call('lockCreate', {
				sessionId,
				priceCents: check.priceCents,
				description: check.description
			});
			created = true;
		} catch (error) {
			this.error = this.deps.describe(error);
		}
		this.busy = false;
		this.onChange(this.snapshot);
		return created;
	}
}
