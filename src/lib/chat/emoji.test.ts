import { describe, expect, it } from 'vitest';
import { EMOJI_ONLY_MAX, isEmojiGrapheme, isEmojiOnly } from './emoji';

describe('isEmojiOnly', () => {
	it('accepts single emoji shown as emoji by default', () => {
		for (const e of ['😀', '👍', '🎉', '🐘', '🔥', '⌚', '⭐', '🫠']) {
			expect(isEmojiOnly(e), e).toBe(true);
		}
	});

	it('accepts skin tones', () => {
		for (const e of ['👍🏽', '👋🏿', '🧑🏻', '☝🏾', '✌🏼']) expect(isEmojiOnly(e), e).toBe(true);
	});

	it('accepts text-default pictographs only with the emoji variation selector', () => {
		expect(isEmojiOnly('❤️')).toBe(true);
		expect(isEmojiOnly('☺️')).toBe(true);
		expect(isEmojiOnly('©️')).toBe(true);
		expect(isEmojiOnly('❤')).toBe(false);
		expect(isEmojiOnly('©')).toBe(false);
		expect(isEmojiOnly('™')).toBe(false);
		expect(isEmojiOnly('↔')).toBe(false);
		// U+FE0E asks for text presentation.
		expect(isEmojiOnly('❤\uFE0E')).toBe(false);
	});

	it('accepts ZWJ sequences as one emoji each', () => {
		const family = '👨‍👩‍👧‍👦';
		const rainbow = '🏳️‍🌈';
		const technologist = '👩🏽‍💻';
		const kiss = '👩🏻‍❤️‍💋‍👨🏼';
		const eye = '👁‍🗨'; // minimally qualified: no U+FE0F
		const redhead = '👩‍🦰';
		for (const e of [family, rainbow, technologist, kiss, eye, redhead]) {
			expect(isEmojiGrapheme(e), e).toBe(true);
			expect(isEmojiOnly(e), e).toBe(true);
		}
		expect(isEmojiOnly(family.repeat(EMOJI_ONLY_MAX))).toBe(true);
		expect(isEmojiOnly(family.repeat(EMOJI_ONLY_MAX + 1))).toBe(false);
	});

	it('accepts flags, subdivision flags and keycaps', () => {
		for (const e of ['🇫🇷', '🇯🇵', '🇺🇦', '🏴󠁧󠁢󠁥󠁮󠁧󠁿', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '1️⃣', '#️⃣', '*️⃣', '7⃣']) {
			expect(isEmojiOnly(e), e).toBe(true);
		}
		expect(isEmojiOnly('🇫🇷🇩🇪🇮🇹')).toBe(true);
	});

	it('refuses half a flag and bare keycap bases', () => {
		expect(isEmojiOnly('🇫')).toBe(false);
		expect(isEmojiOnly('1')).toBe(false);
		expect(isEmojiOnly('#')).toBe(false);
		expect(isEmojiOnly('1\uFE0F')).toBe(false);
	});

	it('allows whitespace between and around emoji', () => {
		expect(isEmojiOnly('  😀 😀\n🎉\t')).toBe(true);
		expect(isEmojiOnly('👍\r\n👍')).toBe(true);
		expect(isEmojiOnly('\u00A0🎉\u00A0')).toBe(true);
	});

	it('counts 1 to 8 emoji, not code points', () => {
		expect(isEmojiOnly('😀'.repeat(8))).toBe(true);
		expect(isEmojiOnly('😀'.repeat(9))).toBe(false);
		expect(isEmojiOnly('👍🏽'.repeat(8))).toBe(true);
		expect(isEmojiOnly('🇫🇷'.repeat(8))).toBe(true);
		expect(isEmojiOnly('🇫🇷'.repeat(9))).toBe(false);
		expect(isEmojiOnly('😀 '.repeat(8))).toBe(true);
	});

	it('refuses empty and whitespace-only text', () => {
		expect(isEmojiOnly('')).toBe(false);
		expect(isEmojiOnly('   ')).toBe(false);
		expect(isEmojiOnly('\n')).toBe(false);
	});

	it('refuses any other character', () => {
		for (const t of [
			'hi 👋',
			'👋 hi',
			'😀!',
			'😀.',
			'ok',
			'123',
			':)',
			'<3',
			'😀a😀',
			'😀\u200B', // zero-width space is not whitespace
			'😀\u200D', // dangling joiner
			'\u200D😀',
			'é',
			'漢字',
			'<script>😀</script>'
		]) {
			expect(isEmojiOnly(t), JSON.stringify(t)).toBe(false);
		}
	});

	it('refuses ZWJ sequences that join non-emoji', () => {
		expect(isEmojiGrapheme('a\u200D😀')).toBe(false);
		expect(isEmojiGrapheme('😀\u200Da')).toBe(false);
	});

	it('stays quick on long input', () => {
		expect(isEmojiOnly('😀'.repeat(100_000))).toBe(false);
		expect(isEmojiOnly(' '.repeat(100_000) + '😀')).toBe(false);
	});
});
