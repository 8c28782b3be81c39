import { describe, expect, it } from 'vitest';
import { LIMITS } from '$shared/config';
import { isValidMessageText } from '$shared/chat';
import {
	COUNTER_SHOW_REMAINING,
	counterState,
	createThrottle,
	drafts,
	insertAt,
	isSendKey,
	outgoingText,
	overLimitMessage
} from './composer';

const MAX = LIMITS.messageMax;

describe('counterState', () => {
	it('stays hidden until the limit is near', () => {
		expect(counterState(0, MAX).visible).toBe(false);
		expect(counterState(MAX - COUNTER_SHOW_REMAINING - 1, MAX).visible).toBe(false);
		expect(counterState(MAX - COUNTER_SHOW_REMAINING, MAX)).toEqual({
			visible: true,
			remaining: COUNTER_SHOW_REMAINING,
			over: false
		});
	});

	it('is over only past the limit', () => {
		expect(counterState(MAX, MAX)).toEqual({ visible: true, remaining: 0, over: false });
		expect(counterState(MAX + 5, MAX)).toEqual({ visible: true, remaining: -5, over: true });
	});
});

describe('overLimitMessage and what may be sent', () => {
	it('explains by how much a message is too long', () => {
		expect(overLimitMessage(MAX, MAX)).toBeNull();
		expect(overLimitMessage(MAX + 1, MAX)).toBe(
			'Your message is too long: the limit is 2,000 characters. Please remove 1 character.'
		);
		expect(overLimitMessage(MAX + 1234, MAX)).toMatch(/remove 1,234 characters\.$/);
	});

	it('sends only text with a visible character, within the limit', () => {
		expect(isValidMessageText('')).toBe(false);
		expect(isValidMessageText('  \n\t')).toBe(false);
		expect(isValidMessageText('hi')).toBe(true);
		expect(isValidMessageText('x'.repeat(MAX))).toBe(true);
		expect(isValidMessageText('x'.repeat(MAX + 1))).toBe(false);
	});

	it('counts UTF-16 code units like the server', () => {
		expect(isValidMessageText('😀'.repeat(MAX / 2))).toBe(true);
		expect(isValidMessageText('😀'.repeat(MAX / 2) + 'x')).toBe(false);
	});

	it('sends the text without surrounding blank space', () => {
		expect(outgoingText('\n  hello\n  there \n')).toBe('hello\n  there');
	});
});

describe('isSendKey', () => {
	const key = (k: Partial<Parameters<typeof isSendKey>[0]>) =>
		isSendKey({ key: 'Enter', shiftKey: false, isComposing: false, ...k });

	it('sends on Enter alone', () => {
		expect(key({})).toBe(true);
	});

	it('inserts a newline with Shift+Enter or Alt+Enter', () => {
		expect(key({ shiftKey: true })).toBe(false);
		expect(key({ altKey: true })).toBe(false);
	});

	it('never sends while an input method is composing', () => {
		expect(key({ isComposing: true })).toBe(false);
		expect(key({ keyCode: 229 })).toBe(false);
	});

	it('ignores other keys', () => {
		expect(key({ key: 'a' })).toBe(false);
		expect(key({ key: 'NumpadEnter' })).toBe(false);
	});
});

describe('insertAt', () => {
	it('inserts at the caret and puts the caret after the insertion', () => {
		expect(insertAt('hello world', 5, 5, ' 😀')).toEqual({ value: 'hello 😀 world', caret: 8 });
	});

	it('replaces a selection', () => {
		expect(insertAt('I am sad', 5, 8, '🙂')).toEqual({ value: 'I am 🙂', caret: 7 });
	});

	it('clamps selections outside the text', () => {
		expect(insertAt('abc', 10, 12, '!')).toEqual({ value: 'abc!', caret: 4 });
		expect(insertAt('abc', -3, -1, '!')).toEqual({ value: '!abc', caret: 1 });
		expect(insertAt('abc', 2, 1, '!')).toEqual({ value: 'ab!c', caret: 3 });
	});
});

describe('createThrottle', () => {
	it('allows one hit per interval, and again right after reset', () => {
		let t = 1000;
		const throttle = createThrottle(3000, () => t);
		expect(throttle.hit()).toBe(true);
		t += 1000;
		expect(throttle.hit()).toBe(false);
		t += 1999;
		expect(throttle.hit()).toBe(false);
		t += 1;
		expect(throttle.hit()).toBe(true);
		t += 10;
		expect(throttle.hit()).toBe(false);
		throttle.reset();
		expect(throttle.hit()).toBe(true);
	});
});

describe('drafts', () => {
	function memory() {
		const map = new Map<string, string>();
		return {
			map,
			getItem: (k: string) => map.get(k) ?? null,
			setItem: (k: string, v: string) => void map.set(k, v),
			removeItem: (k: string) => void map.delete(k)
		};
	}

	it('keeps one draft per key and forgets empty ones', () => {
		const store = memory();
		const d = drafts(store);
		d.save('chat-1', 'hello');
		d.save('chat-2', 'other');
		expect(d.load('chat-1')).toBe('hello');
		expect(d.load('chat-2')).toBe('other');
		expect(d.load('chat-3')).toBe('');
		d.save('chat-1', '');
		expect(d.load('chat-1')).toBe('');
		expect(store.map.size).toBe(1);
	});

	it('works without storage, or when storage throws', () => {
		expect(drafts(null).load('x')).toBe('');
		const broken = {
			getItem: () => {
				throw new Error('denied');
			},
			setItem: () => {
				throw new Error('quota');
			},
			removeItem: () => {
				throw new Error('denied');
			}
		};
		expect(() => drafts(broken).save('x', 'y')).not.toThrow();
		expect(drafts(broken).load('x')).toBe('');
	});
});
