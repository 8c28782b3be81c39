/** Rune state over a lock's moves (see lock.ts), owned by the component that creates it. */
import type { InsufficientFundsDetails } from '$shared/locks';
import { newPaymentKey } from '$lib/data/locks';
import { call, humanError } from '$lib/firebase/callables';
import { LockAnswer, LockOffer, type LockMove, type LockTarget, type OfferBounds } from './lock';

/** A pending offer's buttons: Agree & pay and Decline (customer), Withdraw offer (operator side). */
export class LockAnswerState {
	busy = $state<LockMove | null>(null);
	error = $state<string | null>(null);
	short = $state.raw<InsufficientFundsDetails | null>(null);

	private readonly core = new LockAnswer(
		{ call, describe: humanError, newKey: newPaymentKey },
		(snapshot) => {
			this.busy = snapshot.busy;
			this.error = snapshot.error;
			this.short = snapshot.short;
		}
	);

	constructor(private readonly target: () => LockTarget) {}

	pay() {
		void this.core.pay(this.target());
	}

	decline() {
		void this.core.decline(this.target());
	}

	withdraw() {
		void this.core.withdraw(this.target());
	}
}

/** The operator side's "Lock chat" form. */
export class LockOfferState {
	busy = $state(false);
	priceError = $state<string | null>(null);
	error = $state<string | null>(null);

	private readonly core = new LockOffer({ call, describe: humanError }, (snapshot) => {
		this.busy = snapshot.busy;
		this.priceError = snapshot.priceError;
		this.error = snapshot.error;
	});

	/** True once the server created the lock. */
	create(sessionId: string, price: string, description: string, bounds: OfferBounds) {
		return this.core.create(sessionId, price, description, bounds);
	}
}
