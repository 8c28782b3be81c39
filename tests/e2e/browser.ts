/**
 * Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core, against the built app
 * served by the Hosting emulator. Never downloads a browser.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { APP_ORIGIN } from '../emulator';

export { APP_ORIGIN };

export const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--use-fake-device-for-media-stream',
	'--use-fake-ui-for-media-stream'
];

export interface LaunchedBrowser {
	browser: Browser;
	close(): Promise<void>;
}

// Playwright refuses `--user-data-dir` in launch(): it already gives every launch a fresh
// temporary profile of its own and deletes it on close.
export async function launch(): Promise<LaunchedBrowser> {
	const browser = await chromium.launch({
		executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium',
		args: FLAGS,
		headless: true
	});
	return {
		browser,
		async close() {
			await browser.close().catch(() => undefined);
		}
	};
}

/** A fresh context (its own cookies and IndexedDB, so its own signed-in user). */
export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({
		baseURL: APP_ORIGIN,
		viewport: { width: 1280, height: 860 }
	});
	// Chromium reports what the Content-Security-Policy blocked both ways: a console error and a
	// securitypolicyviolation event (made a console error here, so nothing is missed).
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) =>
			console.error(
				`Content Security Policy violation: ${e.effectiveDirective} blocked ${e.blockedURI}`
			)
		);
	});
	const page = await context.newPage();
	page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
	page.on('console', (message) => {
		if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
			cspViolations.push(`${page.url()}: ${message.text()}`);
	});
	return { context, page };
}

/**
 * Whatever the Content-Security-Policy blocked in a page opened by newPage(): the app must work
 * under the very headers firebase.json deploys, so each test fails on any violation.
 */
const cspViolations: string[] = [];

/** Takes the violations reported so far, for a test that provokes one on purpose. */
export function takeCspViolations(): string[] {
	return cspViolations.splice(0);
}

afterEach(() => {
	const seen = cspViolations.splice(0);
	if (seen.length > 0) throw new Error(`Content-Security-Policy violations:\n${seen.join('\n')}`);
});

/** Signs in through the app's own sign-in form. */
export async function signInThroughUi(page: Page, email: string, password: string) {
	await page.goto('/signin');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}
