/**
 * The public site in real Chromium: sign-up and sign-in, the operator directory, a profile with
 * live status, the prerendered help center and its feedback widget.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { APP_ORIGIN, launch, newPage, type LaunchedBrowser } from './browser';
import { FIRESTORE_HOST, PROJECT_ID, listDocs, resetAndSeed, type SeedSummary } from '../emulator';
import { REQUIRED_HEADERS } from '../../scripts/lib/hosting-headers.mjs';

// Demo operators from functions/src/dev/seed.ts.
const LUNA = { name: 'Luna Vale', headline: 'Tarot readings with clarity and warmth' };
const OPERATORS = ['Luna Vale', 'Orion Reyes', 'Vega Lind', 'Sol Amari'];

let launched: LaunchedBrowser;
let browser: Browser;
let seed: SeedSummary;

beforeAll(async () => {
	seed = await resetAndSeed();
	launched = await launch();
	browser = launched.browser;
});

afterAll(async () => {
	await launched?.close();
});

function uniqueEmail(prefix: string) {
	return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@parley.test`;
}

async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
	const { context, page } = await newPage(browser);
	try {
		return await fn(page);
	} finally {
		await context.close();
	}
}

/** Sets fields of a document as the emulator owner, as a Cloud Function would. */
async function patchDoc(path: string, fields: Record<string, string | number>) {
	const url = new URL(
		`http://${FIRESTORE_HOST}/v1/projects/${PROJECT_ID}/databases/(default)/documents/${path}`
	);
	const encoded: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(fields)) {
		url.searchParams.append('updateMask.fieldPaths', key);
		encoded[key] =
			typeof value === 'number' ? { integerValue: String(value) } : { stringValue: value };
	}
	const response = await fetch(url.toString(), {
		method: 'PATCH',
		headers: { authorization: 'Bearer owner', 'content-type': 'application/json' },
		body: JSON.stringify({ fields: encoded })
	});
	if (!response.ok)
		throw new Error(`Patching ${path}: ${response.status} ${await response.text()}`);
}

async function operatorUid(name: string): Promise<string> {
	const op = (await listDocs('operators')).find((d) => d.displayName === name);
	if (!op) throw new Error(`No operator named ${name}`);
	return op.id;
}

async function visibleNames(page: Page): Promise<string[]> {
	return page.locator('main article h2 a').allInnerTexts();
}

/** Waits until the directory grid shows exactly these names, in any order. */
async function expectNames(page: Page, names: string[]) {
	const want = [...names].sort().join('|');
	await page
		.waitForFunction(
			(expected) =>
				Array.from(document.querySelectorAll('main article h2 a'))
					.map((a) => (a.textContent ?? '').trim())
					.sort()
					.join('|') === expected,
			want,
			{ timeout: 15000 }
		)
		.catch(async () => {
			throw new Error(`Expected ${want}, saw ${(await visibleNames(page)).sort().join('|')}`);
		});
}

describe('accounts', () => {
	it('signs up a new customer and shows their name in the header', async () => {
		await withPage(async (page) => {
			const email = uniqueEmail('nora');
			await page.goto('/signup');
			await page.getByLabel('Your name').fill('Nora Quill');
			await page.getByLabel('Email').fill(email);
			await page.getByLabel('Password').fill('a-good-password');
			await page.getByRole('button', { name: 'Create account' }).click();
			await page.waitForURL((url) => url.pathname === '/');

			const me = page.getByTestId('signed-in-user');
			await me.waitFor();
			await page.waitForFunction(
				() =>
					document
						.querySelector('[data-testid="signed-in-user"]')
						?.textContent?.includes('Nora Quill'),
				undefined,
				{ timeout: 10000 }
			);
			expect(await me.innerText()).toContain('Nora Quill');
			await page.getByRole('link', { name: 'Wallet' }).waitFor();
			expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBe(0);

			const user = (await listDocs('users')).find((d) => d.email === email);
			expect(user).toMatchObject({ displayName: 'Nora Quill', role: 'customer', avatarVersion: 0 });

			// A signed-in visitor is sent on from the auth pages.
			await page.goto('/signin?next=/help');
			await page.waitForURL((url) => url.pathname === '/help');
		});
	});

	it('shows a name typed as markup as plain text', async () => {
		await withPage(async (page) => {
			const name = '<img src=x onerror="window.__xss=1">';
			await page.goto('/signup?next=/help');
			await page.getByLabel('Your name').fill(name);
			await page.getByLabel('Email').fill(uniqueEmail('markup'));
			await page.getByLabel('Password').fill('a-good-password');
			await page.getByRole('button', { name: 'Create account' }).click();
			await page.waitForURL((url) => url.pathname === '/help');
			await page.waitForFunction(
				(expected) =>
					document.querySelector('[data-testid="signed-in-user"]')?.textContent?.includes(expected),
				name,
				{ timeout: 10000 }
			);
			expect(await page.getByTestId('signed-in-user').innerText()).toContain(name);
			expect(await page.locator('img[src="x"]').count()).toBe(0);
			expect(
				await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)
			).toBeUndefined();
		});
	});

	it('validates inline and keeps what was typed when sign-in fails', async () => {
		await withPage(async (page) => {
			await page.goto('/signup');
			await page.getByRole('button', { name: 'Create account' }).click();
			await page.getByText('Enter your name.').waitFor();
			await page.getByText('Enter your email address.').waitFor();
			expect(await page.getByLabel('Your name').getAttribute('aria-invalid')).toBe('true');

			await page.getByRole('link', { name: 'Sign in' }).last().click();
			await page.waitForURL((url) => url.pathname === '/signin');
			const email = seed.accounts.find((a) => a.role === 'Customer')!.email;
			await page.getByLabel('Email').fill(email);
			await page.getByLabel('Password').fill('not-the-password');
			await page.getByRole('button', { name: 'Sign in' }).click();
			await page
				.getByRole('alert')
				.getByText('That email and password do not match an account.')
				.waitFor();
			expect(await page.getByLabel('Email').inputValue()).toBe(email);
		});
	});

	it('signs in a demo customer and returns to the page they came from', async () => {
		await withPage(async (page) => {
			const customer = seed.accounts.find((a) => a.role === 'Customer')!;
			await page.goto('/signin?next=%2Fhelp%2Fgetting-started');
			await page.getByLabel('Email').fill(customer.email);
			await page.getByLabel('Password').fill(seed.password);
			await page.getByRole('button', { name: 'Sign in' }).click();
			await page.waitForURL((url) => url.pathname === '/help/getting-started');
			await page.getByTestId('signed-in-user').getByText(customer.name).waitFor();

			await page.getByRole('button', { name: 'Sign out' }).click();
			await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
		});
	});
});

describe('directory and profiles', () => {
	it('lists, filters and searches the operators', async () => {
		await withPage(async (page) => {
			await page.goto('/');
			await expectNames(page, OPERATORS);

			const tarot = page.getByRole('button', { name: 'Tarot', exact: true });
			await tarot.click();
			expect(await tarot.getAttribute('aria-pressed')).toBe('true');
			await expectNames(page, ['Luna Vale']);
			expect(new URL(page.url()).searchParams.get('category')).toBe('tarot');

			await page.getByRole('button', { name: 'All', exact: true }).click();
			await expectNames(page, OPERATORS);

			await page.getByLabel('Search by name').fill('ori');
			await expectNames(page, ['Orion Reyes']);

			// A search and a category together: nobody named "Ori…" reads tarot.
			await tarot.click();
			await page.getByText('No operators match').waitFor();
			await page.getByRole('button', { name: 'Show all operators' }).click();
			await expectNames(page, OPERATORS);
			expect(await page.getByLabel('Search by name').inputValue()).toBe('');

			await page.getByLabel('Search by name').fill('Luna');
			await tarot.click();
			await expectNames(page, ['Luna Vale']);
		});
	});

	it('shows a profile with live status and the Chat now button', async () => {
		const lunaUid = await operatorUid(LUNA.name);
		await withPage(async (page) => {
			await page.goto('/');
			await page.getByRole('link', { name: LUNA.name }).click();
			await page.waitForURL((url) => url.pathname === `/operators/${lunaUid}`);

			await page.getByRole('heading', { level: 1, name: LUNA.name }).waitFor();
			await page.getByText(LUNA.headline).waitFor();
			expect(await page.locator('.status-badge').innerText()).toBe('Offline');
			const chat = page.getByRole('button', { name: 'Chat now' });
			expect(await chat.isDisabled()).toBe(true);
			await page.getByText('Luna is offline right now').waitFor();

			// The server sets her online: the page follows without a reload.
			await patchDoc(`operators/${lunaUid}`, { status: 'online', statusRank: 0 });
			const link = page.getByRole('link', { name: 'Chat now' });
			await link.waitFor({ timeout: 15000 });
			expect(await page.locator('.status-badge').innerText()).toBe('Online');
			const target = `/operators/${lunaUid}/chat`;
			expect(await link.getAttribute('href')).toBe(`/signin?next=${encodeURIComponent(target)}`);

			// Online operators come first in the directory.
			await page.goto('/');
			await expectNames(page, OPERATORS);
			expect((await visibleNames(page))[0]).toBe(LUNA.name);

			await patchDoc(`operators/${lunaUid}`, { status: 'offline', statusRank: 3 });
		});
	});

	it('says so when an operator does not exist', async () => {
		await withPage(async (page) => {
			await page.goto('/operators/nobody-here');
			await page.getByText('We could not find this operator.').waitFor();
		});
	});
});

describe('help center', () => {
	it('is prerendered HTML', async () => {
		const response = await fetch(`${APP_ORIGIN}/help/chat-messenger`);
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain('The chat messenger and chat locks');
		expect(html).toContain('Was this helpful?');
	});

	it('takes a "No" with a comment and stores it', async () => {
		await withPage(async (page) => {
			const comment = `How do I change my lock price? ${Date.now()}`;
			await page.goto('/help/chat-messenger');
			await page
				.getByRole('heading', { level: 1, name: 'The chat messenger and chat locks' })
				.waitFor();
			await page.locator('html[data-hydrated="true"]').waitFor();
			await page.getByRole('button', { name: 'No', exact: true }).click();
			await page.getByLabel('What was missing?').fill(comment);
			await page.getByText(`${comment.length} / 1000`).waitFor();
			await page.getByRole('button', { name: 'Send' }).click();
			await page.getByText('Thanks for your feedback.').waitFor();

			const saved = (await listDocs('helpFeedback')).find((d) => d.comment === comment);
			expect(saved).toMatchObject({ article: 'chat-messenger', helpful: false, uid: null });
		});
	});

	it('takes a "Yes" from a signed-in customer', async () => {
		await withPage(async (page) => {
			const customer = seed.accounts.find((a) => a.role === 'Customer')!;
			await page.goto('/signin?next=/help/wallet-and-payments');
			await page.getByLabel('Email').fill(customer.email);
			await page.getByLabel('Password').fill(seed.password);
			await page.getByRole('button', { name: 'Sign in' }).click();
			await page.waitForURL((url) => url.pathname === '/help/wallet-and-payments');
			const before = (await listDocs('helpFeedback')).length;
			await page.getByRole('button', { name: 'Yes', exact: true }).click();
			await page.getByText('Thanks for your feedback.').waitFor();

			const all = await listDocs('helpFeedback');
			expect(all.length).toBe(before + 1);
			const saved = all.find((d) => d.article === 'wallet-and-payments');
			expect(saved).toMatchObject({ helpful: true, comment: '' });
			expect(typeof saved?.uid).toBe('string');
		});
	});

	it('shows a not-found page for unknown articles', async () => {
		await withPage(async (page) => {
			await page.goto('/help/no-such-article');
			await page.getByText('We could not find that page').waitFor();
		});
	});
});

describe('layout', () => {
	it('collapses the navigation into a menu on small screens', async () => {
		await withPage(async (page) => {
			await page.setViewportSize({ width: 390, height: 800 });
			await page.goto('/help');
			// The help pages are prerendered: wait until the app has taken over the static HTML.
			await page.locator('html[data-hydrated="true"]').waitFor();
			const menu = page.getByRole('button', { name: 'Menu' });
			expect(await menu.getAttribute('aria-expanded')).toBe('false');
			expect(await page.getByRole('link', { name: 'Directory' }).isVisible()).toBe(false);
			await menu.click();
			expect(await menu.getAttribute('aria-expanded')).toBe('true');
			await page.getByRole('link', { name: 'Directory' }).click();
			await page.waitForURL((url) => url.pathname === '/');
			expect(await menu.getAttribute('aria-expanded')).toBe('false');
		});
	});
});

describe('hosting headers', () => {
	it('serves every page with the Content-Security-Policy and security headers of firebase.json', async () => {
		const deployed = JSON.parse(
			readFileSync(new URL('../../firebase.json', import.meta.url), 'utf8')
		).hosting.headers.find((rule: { source: string }) => rule.source === '**').headers as {
			key: string;
			value: string;
		}[];
		const policy = deployed.find((h) => h.key === 'Content-Security-Policy')!.value;
		for (const path of ['/', '/help', '/help/getting-started', '/panel', '/no-such-page']) {
			const response = await fetch(`${APP_ORIGIN}${path}`);
			expect(response.status, path).toBe(200);
			for (const [key, pattern] of Object.entries(REQUIRED_HEADERS))
				expect(response.headers.get(key), `${path} ${key}`).toMatch(pattern);
			for (const h of deployed.filter((d) => d.key !== 'Content-Security-Policy'))
				expect(response.headers.get(h.key), `${path} ${h.key}`).toBe(h.value);
			// The emulators' own origins are the one addition (scripts/lib/hosting-headers.mjs).
			const served = response.headers.get('content-security-policy')!;
			expect(served.replace(/ http:\/\/127\.0\.0\.1:\d+/g, '')).toBe(policy);
			const html = await response.text();
			expect(html).not.toMatch(/<script>/);
		}
	});
});
