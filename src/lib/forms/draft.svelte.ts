/**
 * A form's working copy of values that also change elsewhere (a live document, the session).
 * Fields the person has not touched follow the source live; a field they have edited keeps what
 * they typed whatever arrives. Leaving the page with unsaved edits asks first.
 */
import { untrack } from 'svelte';
import { beforeNavigate } from '$app/navigation';

function same(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** A plain copy: the working copy and the clean state must never share an object. */
function copy<T>(value: T): T {
	return $state.snapshot(value) as T;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Draft<T> {
	value: T = $state() as T;
	/** The source's value that the edits started from; only ever replaced, never mutated. */
	#base: T = $state.raw() as T;
	dirty = $derived(!same(this.value, this.#base));

	/** Construct during component initialisation (it registers an effect and a navigation guard). */
	constructor(source: () => T) {
		const first = untrack(source);
		this.value = copy(first);
		this.#base = copy(first);
		$effect.pre(() => {
			const next = copy(source());
			untrack(() => this.#follow(next));
		});
		beforeNavigate((navigation) => {
			if (!this.dirty) return;
			// Closing the tab or reloading: cancel() makes the browser ask in its own words.
			if (navigation.type === 'leave') navigation.cancel();
			else if (!confirm('You have changes that are not saved yet. Leave this page anyway?')) {
				navigation.cancel();
			}
		});
	}

	/** Takes a new source value into every field that is not being edited. */
	#follow(next: T) {
		const value: unknown = this.value;
		const base: unknown = this.#base;
		if (isRecord(value) && isRecord(base) && isRecord(next)) {
			for (const key of Object.keys(next)) {
				if (same(value[key], base[key]) && !same(value[key], next[key])) {
					value[key] = copy(next[key]);
				}
			}
		} else if (same(value, base)) {
			this.value = copy(next);
		}
		this.#base = next;
	}

	/** After a successful save: what was saved becomes the clean state. */
	commit(saved: T) {
		this.#base = copy(saved);
		this.value = copy(saved);
	}

	/** Throws the edits away. */
	reset() {
		this.value = copy(this.#base);
	}
}
