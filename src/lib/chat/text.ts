/**
 * Message text is plain text. To make web addresses clickable without ever interpreting the
 * text as markup, it is split into runs: text runs render as text nodes, link runs as
 * `<a href>` whose address was rebuilt by the URL parser and checked to be http(s). Nothing
 * here produces HTML, and no scheme other than http and https ever becomes a link
 * (`javascript:`, `data:`, `vbscript:`… stay text).
 */

export type TextRun = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** The attributes every message link carries: a new tab, no opener, no referrer, no endorsement. */
export const LINK_REL = 'noopener noreferrer nofollow';

/**
 * Candidates: "http://", "https://" or "www." up to the next whitespace. Not inside a word, an
 * e-mail address or another address ("me@www.x.com", "javascript://www.x.com" stay text).
 * Angle brackets, quotes, backticks and bidirectional controls (used to disguise addresses)
 * end a candidate.
 */
const CANDIDATE =
	/(?<![\p{L}\p{N}_@./-])(?:https?:\/\/|www\.)[^\s<>"'`\u202A-\u202E\u2066-\u2069\u200E\u200F]+/giu;

const TRAILING_PUNCTUATION = /[.,;:!?*_~]$/;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function count(text: string, char: string): number {
	let n = 0;
	for (const c of text) if (c === char) n += 1;
	return n;
}

/** Drops sentence punctuation and unbalanced closing brackets from the end of a candidate. */
function trimCandidate(candidate: string): string {
	let text = candidate;
	for (;;) {
		const last = text.slice(-1);
		if (TRAILING_PUNCTUATION.test(last)) {
			text = text.slice(0, -1);
			continue;
		}
		const opener = CLOSERS[last];
		if (opener && count(text, last) > count(text, opener)) {
			text = text.slice(0, -1);
			continue;
		}
		return text;
	}
}

/** The address a candidate links to, or null when it is not a usable http(s) address. */
export function linkHref(candidate: string): string | null {
	const bare = /^www\./i.test(candidate);
	const withScheme = bare ? `https://${candidate}` : candidate;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return null;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
	// A host needs a dot (example.com) unless it is localhost; "http://x" alone is not a link.
	const host = url.hostname;
	if (!host || (!host.includes('.') && host !== 'localhost')) return null;
	if (host.startsWith('.') || host.includes('..')) return null;
	// "www.example" is a word with a dot, not an address: a bare www. needs www.name.tld.
	if (bare && !host.slice(4).includes('.')) return null;
	return url.href;
}

/** Splits message text into text and link runs, in order; joining the runs' text gives it back. */
export function splitLinks(text: string): TextRun[] {
	const runs: TextRun[] = [];
	let plain = '';
	let from = 0;
	for (const match of text.matchAll(CANDIDATE)) {
		const start = match.index;
		const candidate = trimCandidate(match[0]);
		const href = candidate.length > 0 ? linkHref(candidate) : null;
		if (!href) continue;
		plain += text.slice(from, start);
		if (plain) runs.push({ kind: 'text', text: plain });
		plain = '';
		runs.push({ kind: 'link', text: candidate, href });
		from = start + candidate.length;
	}
	plain += text.slice(from);
	if (plain) runs.push({ kind: 'text', text: plain });
	return runs;
}
