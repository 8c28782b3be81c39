import { describe, expect, it } from 'vitest';
import { linkHref, splitLinks, type TextRun } from './text';

function joined(runs: TextRun[]): string {
	return runs.map((r) => r.text).join('');
}

function links(text: string): string[] {
	return splitLinks(text)
		.filter((r) => r.kind === 'link')
		.map((r) => (r.kind === 'link' ? r.href : ''));
}

describe('splitLinks', () => {
	it('returns plain text as one run, and nothing for empty text', () => {
		expect(splitLinks('hello there')).toEqual([{ kind: 'text', text: 'hello there' }]);
		expect(splitLinks('')).toEqual([]);
	});

	it('finds http, https and www. addresses', () => {
		expect(splitLinks('see https://example.com/a?b=1#c now')).toEqual([
			{ kind: 'text', text: 'see ' },
			{ kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
			{ kind: 'text', text: ' now' }
		]);
		expect(links('http://example.org')).toEqual(['http://example.org/']);
		expect(splitLinks('www.example.com')).toEqual([
			{ kind: 'link', text: 'www.example.com', href: 'https://www.example.com/' }
		]);
		expect(links('HTTPS://EXAMPLE.COM and WWW.Example.com')).toEqual([
			'https://example.com/',
			'https://www.example.com/'
		]);
	});

	it('finds several links and keeps the text around them', () => {
		const text = 'a https://one.example b\nwww.two.example c';
		const runs = splitLinks(text);
		expect(runs.map((r) => r.kind)).toEqual(['text', 'link', 'text', 'link', 'text']);
		expect(joined(runs)).toBe(text);
	});

	it('leaves trailing punctuation and unbalanced brackets outside the link', () => {
		expect(splitLinks('Look: https://example.com.')).toEqual([
			{ kind: 'text', text: 'Look: ' },
			{ kind: 'link', text: 'https://example.com', href: 'https://example.com/' },
			{ kind: 'text', text: '.' }
		]);
		expect(links('(see https://example.com/page)')).toEqual(['https://example.com/page']);
		expect(links('https://en.wikipedia.org/wiki/Tarot_(disambiguation)')).toEqual([
			'https://en.wikipedia.org/wiki/Tarot_(disambiguation)'
		]);
		expect(links('Really? https://example.com/?q=1!?')).toEqual(['https://example.com/?q=1']);
		const text = 'end with https://example.com/x), ok';
		expect(joined(splitLinks(text))).toBe(text);
	});

	it('accepts links right after punctuation or a colon', () => {
		expect(links('link:https://example.com')).toEqual(['https://example.com/']);
		expect(links('"https://example.com"')).toEqual(['https://example.com/']);
	});

	it('never links other schemes', () => {
		for (const text of [
			'javascript:alert(1)',
			'JaVaScRiPt:alert(document.cookie)',
			'data:text/html,<script>alert(1)</script>',
			'vbscript:msgbox(1)',
			'file:///etc/passwd',
			'ftp://example.com',
			'mailto:someone@example.com',
			'tel:+15551234'
		]) {
			const runs = splitLinks(text);
			expect(runs, text).toEqual([{ kind: 'text', text }]);
		}
	});

	it('does not pull a link out of another address or an e-mail', () => {
		expect(links('javascript://www.example.com/%0aalert(1)')).toEqual([]);
		expect(links('ftp://www.example.com')).toEqual([]);
		expect(links('me@www.example.com')).toEqual([]);
		expect(links('notwww.example.com')).toEqual([]);
		expect(links('xhttps://example.com')).toEqual([]);
	});

	it('keeps HTML-looking text as text', () => {
		const text = '<img src=x onerror=alert(1)> <script>alert(1)</script> &lt;b&gt;';
		expect(splitLinks(text)).toEqual([{ kind: 'text', text }]);
	});

	it('ends a link before markup and quotes, so attributes cannot be smuggled in', () => {
		const runs = splitLinks('https://example.com/"onmouseover="alert(1)');
		expect(runs[0]).toEqual({
			kind: 'link',
			text: 'https://example.com/',
			href: 'https://example.com/'
		});
		expect(joined(runs)).toBe('https://example.com/"onmouseover="alert(1)');
		expect(links('https://example.com/<script>')).toEqual(['https://example.com/']);
		expect(links("https://example.com/'x")).toEqual(['https://example.com/']);
	});

	it('ends a link at bidirectional controls used to disguise addresses', () => {
		expect(links('https://example.com/\u202Egpj.exe')).toEqual(['https://example.com/']);
	});

	it('does not link a scheme with no usable host', () => {
		for (const text of [
			'http://',
			'https://',
			'https://x',
			'www.',
			'www.x',
			'https://.',
			'http://:80'
		]) {
			expect(links(text), text).toEqual([]);
			expect(joined(splitLinks(text))).toBe(text);
		}
	});

	it('normalises the address through the URL parser', () => {
		expect(links('https://example.com/a b')).toEqual(['https://example.com/a']);
		expect(links('https://exämple.com/ü')).toEqual(['https://xn--exmple-cua.com/%C3%BC']);
		expect(links('http://localhost:5173/x')).toEqual(['http://localhost:5173/x']);
	});
});

describe('linkHref', () => {
	it('adds https to www. addresses and refuses other schemes', () => {
		expect(linkHref('www.example.com')).toBe('https://www.example.com/');
		expect(linkHref('javascript:alert(1)')).toBeNull();
		expect(linkHref('not a url')).toBeNull();
	});
});
