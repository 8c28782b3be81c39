/**
 * A live countdown to a moment, owned by the component that creates it (create it during
 * component initialisation). It ticks when the displayed second changes, and calls `onexpire`
 * once when it reaches zero (again only if `expiresAt` later moves into the future).
 */
import { fractionLeft, msUntilNextTick, secondsLeft } from './countdown';

export interface CountdownOptions {
	/** Length of the whole countdown, for `fraction` (e.g. DEFAULTS.ringSeconds). */
	totalSeconds: () => number;
	/** Called once when the countdown reaches zero while running. */
	onexpire?: () => void;
	/** While false the countdown is frozen (e.g. the request was answered): no ticks, no onexpire. */
	running?: () => boolean;
}

export class Countdown {
	now = $state(Date.now());

	/** Whole seconds left (0 once expired). */
	get seconds(): number {
		return secondsLeft(this.at(), this.now);
	}

	/** Share of the total time left, 1 down to 0. */
	get fraction(): number {
		return fractionLeft(this.at(), this.now, this.options.totalSeconds());
	}

	get expired(): boolean {
		return this.seconds === 0;
	}

	constructor(
		private readonly expiresAt: () => Date,
		private readonly options: CountdownOptions
	) {
		let expiredFor: number | null = null;
		$effect(() => {
			const at = this.at();
			if (options.running && !options.running()) return;
			let timer: ReturnType<typeof setTimeout> | undefined;
			const tick = () => {
				const now = Date.now();
				this.now = now;
				if (secondsLeft(at, now) === 0) {
					if (expiredFor !== at) {
						expiredFor = at;
						options.onexpire?.();
					}
					return;
				}
				timer = setTimeout(tick, msUntilNextTick(at, now) + 5);
			};
			tick();
			return () => clearTimeout(timer);
		});
	}

	private at(): number {
		return this.expiresAt().getTime();
	}
}
