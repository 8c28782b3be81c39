/**
 * Live Firestore subscriptions as rune state. Each one belongs to the component that creates
 * it: the listener starts inside an $effect and stops when the component (or the query) goes.
 * Pass a function so the query can depend on other state; return null to subscribe to nothing.
 */
import { onSnapshot, type DocumentReference, type Query } from 'firebase/firestore';
import { humanError } from './callables';

export class LiveDoc<T> {
	current = $state<T | null>(null);
	loading = $state(true);
	error = $state<string | null>(null);

	constructor(ref: () => DocumentReference<T> | null) {
		$effect(() => {
			const target = ref();
			if (!target) {
				this.current = null;
				this.loading = false;
				return;
			}
			this.loading = true;
			return onSnapshot(
				target,
				(snap) => {
					this.current = snap.exists() ? snap.data() : null;
					this.loading = false;
					this.error = null;
				},
				(error) => {
					this.error = humanError(error);
					this.loading = false;
				}
			);
		});
	}
}

export class LiveQuery<T> {
	current = $state<T[]>([]);
	loading = $state(true);
	error = $state<string | null>(null);

	constructor(query: () => Query<T> | null) {
		$effect(() => {
			const target = query();
			if (!target) {
				this.current = [];
				this.loading = false;
				return;
			}
			this.loading = true;
			return onSnapshot(
				target,
				(snap) => {
					this.current = snap.docs.map((d) => d.data());
					this.loading = false;
					this.error = null;
				},
				(error) => {
					this.error = humanError(error);
					this.loading = false;
				}
			);
		});
	}
}
