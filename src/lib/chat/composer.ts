/**
 * The message composer's rules, free of the DOM so they can be tested: when Enter sends, when
 * the character counter shows, what is sent, where a picked emoji goes, how often "typing" is
 * reported, and how a draft survives a reload. What may be sent is the contract's rule
 * (isValidMessageText in $shared/chat), the one the security rules enforce.
 */

/** The counter appears once this few characters are left before the limit. */
export const COUNTER_SHOW_REMAINING = 200;

export interface CounterState {
	/** Whether to show the counter at all (only near or over the limit). */
	visible: boolean;
	/** Characters left; negative when over the limit. */
	remaining: number;
	over: boolean;
}

/**
 * Lengths are counted in UTF-16 code units (`String.length`), exactly as the server and the
 * security rules count them, so a message the composer accepts is never refused for its length.
 */
export function counterState(length: number, max: number): CounterState {
	const remaining = max - length;
	return { visible: remaining <= COUNTER_SHOW_REMAINING, remaining, over: remaining < 0 };
}

const NUMBER = new Intl.NumberFormat('en');

/** Why a draft cannot be sent, as a sentence, or null when it can. Empty drafts just do nothing. */
export function overLimitMessage(length: number, max: number): string | null {
	if (length <= max) return null;
	const extra = length - max;
	return `Your message is too long: the limit is ${NUMBER.format(max)} characters. Please remove ${NUMBER.format(extra)} ${extra === 1 ? 'character' : 'characters'}.`;
}

/**
 * What is sent: the draft without leading and trailing blank space (a stray newline or space
 * at either end is never intended). Inner spacing and line breaks are kept.
 */
export function outgoingText(text: string): string {
	return text.trim();
}

export interface KeyLike {
	key: string;
	shiftKey: boolean;
	isComposing: boolean;
	ctrlKey?: boolean;
	metaKey?: boolean;
	altKey?: boolean;
	/** Legacy: 229 while an input method handles the key (Safari ends compositions this way). */
	keyCode?: number;
}

/**
 * Enter sends; Shift+Enter (and Alt+Enter) inserts a newline. While an input method is composing
 * (Chinese, Japanese, Korean…), Enter confirms the composition and must never send.
 */
export function isSendKey(event: KeyLike): boolean {
	if (event.key !== 'Enter') return false;
	if (event.isComposing || event.keyCode === 229) return false;
	return !event.shiftKey && !event.altKey;
}

/** Inserts text at a selection, replacing it; returns the new value and the caret after it. */
export function insertAt(
	value: string,
	selectionStart: number,
	selectionEnd: number,
	insert: string
): { value: string; caret: number } {
	const start = Math.max(0, Math.min(selectionStart, value.length));
	const end = Math.max(start, Math.min(selectionEnd, value.length));
	return { value: value.slice(0, start) + insert + value.slice(end), caret: start + insert.length };
}

/**
 * Reports typing at most once per interval: `hit()` returns true when the caller should signal
 * "typing" now. `reset()` after sending, so the next keystroke is reported straight away.
 */
export function createThrottle(intervalMs: number, now: () => number = Date.now) {
	let last = -Infinity;
	return {
		hit(): boolean {
			const t = now();
			if (t - last < intervalMs) return false;
			last = t;
			return true;
		},
		reset() {
			last = -Infinity;
		}
	};
}

/** The parts of Web Storage a draft needs (sessionStorage in the browser, a Map in tests). */
export interface DraftStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

const DRAFT_PREFIX = 'parley:draft:';

/**
 * Drafts per chat, so a reload does not lose what someone was typing. Storage can be missing or
 * full (private modes, quotas): then drafts simply are not kept, and typing is never disturbed.
 */
export function drafts(store: DraftStore | null) {
	return {
		load(key: string): string {
			try {
				return store?.getItem(DRAFT_PREFIX + key) ?? '';
			} catch {
				return '';
			}
		},
		save(key: string, text: string) {
			try {
				if (text) store?.setItem(DRAFT_PREFIX + key, text);
				else store?.removeItem(DRAFT_PREFIX + key);
			} catch {
				// Quota or privacy settings: the draft stays in memory only.
			}
		}
	};
}
