/**
 * Emoji-only messages ("👍", "🎉🎉", "👩🏽‍💻 ❤️") are shown large, like in most messengers.
 *
 * A message qualifies when, ignoring whitespace, it is 1 to EMOJI_ONLY_MAX user-perceived
 * characters (grapheme clusters, via Intl.Segmenter) and every one of them is an emoji:
 * a pictograph shown as emoji, with optional skin tone; a ZWJ sequence (👨‍👩‍👧, 🏳️‍🌈); a flag
 * (🇫🇷, and subdivision flags such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿); or a keycap (1️⃣, #️⃣).
 *
 * Characters that are emoji only when asked to be (©, ™, ↔, ❤ without the emoji variation
 * selector U+FE0F) render as text by default, so on their own they do not count.
 */

/** The most emoji a message may hold and still be shown large. */
export const EMOJI_ONLY_MAX = 8;

const ZWJ = '\u200D';

/**
 * A pictograph that is shown as emoji by default, with an optional skin tone. A lone regional
 * indicator (half a flag) is Emoji_Presentation too, but shows as a boxed letter: not counted.
 */
const DEFAULT_EMOJI =
	/^(?!\p{Regional_Indicator})\p{Emoji_Presentation}\p{Emoji_Modifier}?\uFE0F?$/u;
/** A text-default pictograph turned into emoji by U+FE0F (❤️, ☺️, ©️). */
const TEXT_DEFAULT_AS_EMOJI = /^\p{Extended_Pictographic}\uFE0F$/u;
/** A pictograph that takes skin tones, with one (☝🏽: the base alone is text-default). */
const SKIN_TONED = /^\p{Emoji_Modifier_Base}\p{Emoji_Modifier}\uFE0F?$/u;
/** A part of a ZWJ sequence: joined pictographs are emoji whether or not each carries U+FE0F. */
const ZWJ_PART = /^\p{Extended_Pictographic}\p{Emoji_Modifier}?\uFE0F?$/u;
const FLAG = /^\p{Regional_Indicator}{2}$/u;
const KEYCAP = /^[0-9#*]\uFE0F?\u20E3$/u;
/** Subdivision flags: a black flag, tag letters, then CANCEL TAG. */
const TAG_SEQUENCE = /^\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}$/u;
const SPACE = /^\s+$/u;

/** Whether one grapheme cluster is an emoji. */
export function isEmojiGrapheme(grapheme: string): boolean {
	if (FLAG.test(grapheme) || KEYCAP.test(grapheme) || TAG_SEQUENCE.test(grapheme)) return true;
	if (grapheme.includes(ZWJ)) {
		const parts = grapheme.split(ZWJ);
		return parts.length >= 2 && parts.every((part) => ZWJ_PART.test(part));
	}
	return (
		DEFAULT_EMOJI.test(grapheme) ||
		TEXT_DEFAULT_AS_EMOJI.test(grapheme) ||
		SKIN_TONED.test(grapheme)
	);
}

let segmenter: Intl.Segmenter | null | undefined;

function graphemes(text: string): string[] | null {
	if (segmenter === undefined) {
		segmenter =
			typeof Intl !== 'undefined' && 'Segmenter' in Intl
				? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
				: null;
	}
	// Without a segmenter (very old browsers) messages are simply shown at normal size.
	if (!segmenter) return null;
	return Array.from(segmenter.segment(text), (s) => s.segment);
}

/**
 * Whether a message is made only of emoji (1 to EMOJI_ONLY_MAX, whitespace allowed between
 * them) and should be shown large.
 */
export function isEmojiOnly(text: string): boolean {
	// Cheap exits first: most messages contain a letter or digit within their first characters.
	if (text.length === 0 || text.length > EMOJI_ONLY_MAX * 40) return false;
	const clusters = graphemes(text);
	if (!clusters) return false;
	let count = 0;
	for (const cluster of clusters) {
		if (SPACE.test(cluster)) continue;
		if (!isEmojiGrapheme(cluster)) return false;
		count += 1;
		if (count > EMOJI_ONLY_MAX) return false;
	}
	return count >= 1;
}
