/**
 * The Hosting headers of firebase.json: a strict Content-Security-Policy and the other security
 * headers on every path, and the emulators serve the same policy with only their own origins
 * added to connect-src.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REQUIRED_HEADERS, hostingForEmulators, withConnectOrigins } from './hosting-headers.mjs';
import { externalize } from './boot-script.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hosting = JSON.parse(readFileSync(join(ROOT, 'firebase.json'), 'utf8')).hosting;
const everyPath = hosting.headers.find((rule: { source: string }) => rule.source === '**');
const header = (key: string) =>
	everyPath?.headers.find((h: { key: string }) => h.key.toLowerCase() === key)?.value as string;

describe('firebase.json hosting headers', () => {
	it.each(Object.entries(REQUIRED_HEADERS))('every path carries %s', (key, pattern) => {
		expect(header(key)).toMatch(pattern);
	});

	it('allows no inline or evaluated script and no plugin', () => {
		const csp = header('content-security-policy');
		const script = csp.split(';').find((d) => d.trim().startsWith('script-src'))!;
		expect(script.trim()).toBe("script-src 'self'");
		expect(csp).not.toMatch(/unsafe-eval/);
		expect(csp).toMatch(/object-src 'none'/);
		expect(csp).toMatch(/base-uri 'self'/);
	});

	it('lets the page reach Firebase and LiveKit, and no loopback address', () => {
		const connect = header('content-security-policy')
			.split(';')
			.find((d) => d.trim().startsWith('connect-src'))!;
		for (const host of [
			'https://firestore.googleapis.com',
			'https://identitytoolkit.googleapis.com',
			'https://securetoken.googleapis.com',
			'https://*.cloudfunctions.net',
			'wss://*.livekit.cloud'
		])
			expect(connect).toContain(host);
		expect(connect).not.toMatch(/127\.0\.0\.1|localhost/);
	});
});

describe('hostingForEmulators', () => {
	const origins = ['http://127.0.0.1:9199', 'http://127.0.0.1:8180'];

	it('adds the emulator origins to connect-src and changes nothing else', () => {
		const local = hostingForEmulators(hosting, origins);
		const csp = (h: typeof hosting) =>
			h.headers[0].headers.find((x: { key: string }) => x.key === 'Content-Security-Policy').value;
		const before = csp(hosting).split('; ');
		const after = csp(local).split('; ');
		expect(after.length).toBe(before.length);
		for (const [i, d] of before.entries()) {
			if (d.startsWith('connect-src')) expect(after[i]).toBe(`${d} ${origins.join(' ')}`);
			else expect(after[i]).toBe(d);
		}
		const withoutCsp = (h: typeof hosting) =>
			JSON.stringify(h, (k, v) => (k === 'value' && String(v).includes('connect-src') ? '' : v));
		expect(withoutCsp(local)).toBe(withoutCsp(hosting));
	});

	it('refuses a policy without connect-src', () => {
		expect(() => withConnectOrigins("default-src 'self'", origins)).toThrow();
	});
});

describe('externalize (the start-up script out of the page)', () => {
	const page = `<html><head><link href="/_app/x.js" rel="modulepreload"></head><body><div>
<script>
	{ const element = document.currentScript.parentElement; import("/_app/immutable/entry/start.js"); }
</script></div></body></html>`;

	it('replaces the inline script by a content-named file in the same place', () => {
		const { html, files } = externalize(page);
		expect(files).toHaveLength(1);
		expect(files[0]!.path).toMatch(/^_app\/immutable\/boot\/[0-9a-f]{16}\.js$/);
		expect(files[0]!.content).toContain('document.currentScript.parentElement');
		expect(html).toContain(`<div>\n<script src="/${files[0]!.path}"></script></div>`);
		expect(externalize(page).files[0]!.path).toBe(files[0]!.path);
	});

	it('refuses relative imports (they would resolve against the file)', () => {
		expect(() => externalize('<script>import("../_app/x.js")</script>')).toThrow(/relative/);
	});

	it('refuses a page that would keep an inline script it does not recognise', () => {
		expect(() => externalize('<script type="module">alert(1)</script>')).toThrow(/inline script/);
		expect(externalize('<script type="application/json">{}</script>').files).toEqual([]);
	});
});
