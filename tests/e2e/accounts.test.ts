/**
 * The signed-in account areas in a real browser: wallet, settings (name, picture, public
 * profile), the group console and the admin pages, each with the demo accounts of the seed.
 */
import { deflateSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { createAccount, readDoc, resetAndSeed } from '../emulator';
import { launch, newPage, signInThroughUi, type LaunchedBrowser } from './browser';

let browser: LaunchedBrowser;
let password: string;
/** Contexts opened by the current test, closed after it. */
let contexts: BrowserContext[] = [];

beforeAll(async () => {
	password = (await resetAndSeed()).password;
	browser = await launch();
});

afterEach(async () => {
	await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
	contexts = [];
});

afterAll(async () => {
	await browser?.close();
});

/** A fresh browser context (its own user), signed out. */
async function visitor(): Promise<Page> {
	const { context, page } = await newPage(browser.browser);
	contexts.push(context);
	return page;
}

/** A fresh browser context signed in as `email`, opened at `path`. */
async function as(email: string, path: string): Promise<Page> {
	const page = await visitor();
	await signInThroughUi(page, email, password);
	await page.goto(path);
	return page;
}

/** CRC-32 of a PNG chunk (type and data), written out so the test needs no image library. */
function crc32(bytes: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of bytes) {
		crc ^= byte;
		for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

/** A `width`×`height` RGB PNG: left half purple, right half teal (a wide image, to be cropped). */
function png(width: number, height: number): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const out = Buffer.alloc(body.length + 8);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE(crc32(body), body.length + 4);
		return out;
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: RGB
	const rows = Buffer.alloc((width * 3 + 1) * height);
	for (let y = 0; y < height; y++) {
		const row = y * (width * 3 + 1);
		for (let x = 0; x < width; x++) {
			const [r, g, b] = x < width / 2 ? [75, 63, 214] : [15, 118, 110];
			rows.set([r, g, b], row + 1 + x * 3);
		}
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

describe('each demo account sees its pages', () => {
	it('a customer sees the wallet balance and its history', async () => {
		const page = await as('alice@parley.test', '/wallet');
		await expect
			.poll(() => page.getByTestId('wallet-balance').textContent(), { timeout: 15000 })
			.toBe('$50.00');
		const history = page.getByRole('table');
		await history.getByRole('cell', { name: 'Top-up' }).waitFor();
		expect(await history.getByRole('cell', { name: '+$50.00' }).count()).toBe(1);
	});

	it('an admin sees the accounts and the groups', async () => {
		const page = await as('admin@parley.test', '/admin');
		const users = page.getByRole('tabpanel', { name: /Users/ });
		await users.getByRole('cell', { name: 'alice@parley.test', exact: true }).waitFor();
		await users.getByRole('cell', { name: 'owner@parley.test', exact: true }).waitFor();
		const luna = users.getByRole('row').filter({ hasText: 'luna@parley.test' });
		await expect.poll(() => luna.textContent()).toContain('Starlight Advisors');

		await page.getByRole('tab', { name: /Groups/ }).click();
		const groups = page.getByRole('tabpanel', { name: /Groups/ });
		const starlight = groups.getByRole('row').filter({ hasText: 'Starlight Advisors' });
		await starlight.waitFor();
		expect(await starlight.getByRole('cell').allTextContents()).toEqual([
			'Starlight Advisors',
			'owner@parley.test',
			'3'
		]);
	});

	it('a group owner sees the three operators of the group', async () => {
		const page = await as('owner@parley.test', '/group');
		await page.getByRole('heading', { level: 1, name: 'Starlight Advisors' }).waitFor();
		const rows = page
			.getByRole('table')
			.getByRole('row')
			.filter({ has: page.getByRole('rowheader') });
		await expect.poll(() => rows.count(), { timeout: 15000 }).toBe(3);
		expect(await page.getByRole('rowheader').allTextContents()).toEqual([
			expect.stringContaining('Luna Vale'),
			expect.stringContaining('Orion Reyes'),
			expect.stringContaining('Vega Lind')
		]);
		expect(await page.getByText('Offline', { exact: true }).count()).toBe(3);
	});

	it('an operator sees the public profile section in settings', async () => {
		const page = await as('luna@parley.test', '/settings');
		await page.getByRole('heading', { name: 'Public profile' }).waitFor();
		await expect
			.poll(() => page.getByLabel('Headline').inputValue(), { timeout: 15000 })
			.toBe('Tarot readings with clarity and warmth');
	});

	it('a customer does not see the public profile section', async () => {
		const page = await as('alice@parley.test', '/settings');
		await page.getByRole('heading', { name: 'Profile image' }).waitFor();
		expect(await page.getByRole('heading', { name: 'Public profile' }).count()).toBe(0);
	});

	it('someone who is not an admin is refused the admin page', async () => {
		const page = await as('alice@parley.test', '/admin');
		await page.getByText('This page is for admins.').waitFor();
		expect(await page.getByRole('tab').count()).toBe(0);
	});

	it('a signed-out visitor is sent to sign in, then back', async () => {
		const page = await visitor();
		await page.goto('/wallet');
		await page.waitForURL((url) => url.pathname === '/signin');
		expect(new URL(page.url()).searchParams.get('next')).toBe('/wallet');
		await page.getByLabel('Email').fill('bob@parley.test');
		await page.getByLabel('Password').fill(password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((url) => url.pathname === '/wallet');
		await expect.poll(() => page.getByTestId('wallet-balance').textContent()).toBe('$20.00');
	});
});

describe('admin changes', () => {
	it('grants the operator role by email, and the new operator joins the directory', async () => {
		const page = await as('admin@parley.test', '/admin');
		const form = page.getByRole('form', { name: 'Set a role' });
		await page.getByRole('cell', { name: 'bob@parley.test', exact: true }).waitFor();
		await form.getByLabel('Email').fill('bob@parley.test');
		await form.getByLabel('Role').selectOption({ label: 'Operator' });
		await form.getByLabel('Group').selectOption({ label: 'No group (independent)' });
		await form.getByRole('button', { name: 'Set role' }).click();
		await form.getByText('bob@parley.test is now an operator.').waitFor();
		const bob = page.getByRole('row').filter({ hasText: 'bob@parley.test' });
		await expect.poll(() => bob.textContent()).toContain('Operator');

		const directory = await visitor();
		await directory.goto('/');
		await directory.getByRole('link', { name: 'Bob Okafor' }).first().waitFor({ timeout: 15000 });
	});

	it('shows the server’s sentence when a role cannot be set', async () => {
		const page = await as('admin@parley.test', '/admin');
		const form = page.getByRole('form', { name: 'Set a role' });
		await form.getByLabel('Email').fill('nobody@parley.test');
		await form.getByRole('button', { name: 'Set role' }).click();
		await form
			.getByRole('alert')
			.getByText('No account uses the email address nobody@parley.test.')
			.waitFor();
	});

	it('creates a group, and refuses an owner who is already an admin', async () => {
		await createAccount('carol@parley.test', { displayName: 'Carol Finch' });
		const page = await as('admin@parley.test', '/admin#groups');
		const form = page.getByRole('form', { name: 'Create a group' });

		await form.getByLabel('Group name').fill('Moonrise Guides');
		await form.getByLabel('Owner email').fill('admin@parley.test');
		await form.getByRole('button', { name: 'Create group' }).click();
		await form
			.getByRole('alert')
			.getByText(/already an admin/)
			.waitFor();
		// What was typed survives the refusal.
		expect(await form.getByLabel('Group name').inputValue()).toBe('Moonrise Guides');

		await form.getByLabel('Owner email').fill('carol@parley.test');
		await form.getByRole('button', { name: 'Create group' }).click();
		await form.getByText('Moonrise Guides is ready.', { exact: false }).waitFor();
		const row = page.getByRole('row').filter({ hasText: 'Moonrise Guides' });
		await expect
			.poll(() => row.getByRole('cell').allTextContents())
			.toEqual(['Moonrise Guides', 'carol@parley.test', '0']);

		// The new group appears among the groups an operator can be listed under.
		await page.getByRole('tab', { name: /Users/ }).click();
		const groupSelect = page.getByRole('form', { name: 'Set a role' }).getByLabel('Group');
		await expect
			.poll(() => groupSelect.locator('option').allTextContents())
			.toContain('Moonrise Guides');
	});
});

describe('profiles', () => {
	it('an operator edits the headline and the public profile shows it', async () => {
		const page = await as('orion@parley.test', '/settings');
		const headline = page.getByLabel('Headline');
		await expect.poll(() => headline.inputValue(), { timeout: 15000 }).not.toBe('');
		await headline.fill('Clear answers from your birth chart');
		await page.getByRole('button', { name: 'Save profile' }).click();
		await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

		const href = await page
			.getByRole('link', { name: 'View your public page' })
			.getAttribute('href');
		expect(href).toMatch(/^\/operators\/[\w-]+$/);
		await page.goto(href!);
		await page.getByText('Clear answers from your birth chart').first().waitFor();
	});

	it('a group owner edits an operator’s profile from the console', async () => {
		const page = await as('owner@parley.test', '/group');
		await page.getByRole('button', { name: 'Edit profile of Vega Lind' }).click();
		const panel = page.locator('tr.editor');
		await panel.getByLabel('Headline').fill('Numbers that help you choose the moment');
		await panel.getByRole('button', { name: 'Save profile' }).click();
		await panel.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
		await page
			.getByRole('row')
			.filter({ hasText: 'Vega Lind' })
			.getByText('Numbers that help you choose the moment')
			.waitFor();
	});

	it('keeps what is being typed while the same profile changes elsewhere', async () => {
		const owner = await as('owner@parley.test', '/group');
		await owner.getByRole('button', { name: 'Edit profile of Luna Vale' }).click();
		const panel = owner.locator('tr.editor');
		await panel.getByLabel('Headline').fill('Tarot, typed by the group owner');

		const luna = await as('luna@parley.test', '/settings');
		const bio = luna.getByLabel('Bio');
		await expect.poll(() => bio.inputValue(), { timeout: 15000 }).not.toBe('');
		await bio.fill('A new bio written by Luna herself.');
		await luna.getByRole('button', { name: 'Save profile' }).click();
		await luna.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

		// The untouched field follows the change; the edited one keeps the owner's typing.
		await expect
			.poll(() => panel.getByLabel('Bio').inputValue())
			.toBe('A new bio written by Luna herself.');
		expect(await panel.getByLabel('Headline').inputValue()).toBe('Tarot, typed by the group owner');

		await panel.getByRole('button', { name: 'Save profile' }).click();
		await panel.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
		const uid = (await luna
			.getByRole('link', { name: 'View your public page' })
			.getAttribute('href'))!
			.split('/')
			.pop()!;
		const stored = await readDoc(`operators/${uid}`);
		expect(stored?.headline).toBe('Tarot, typed by the group owner');
		expect(stored?.bio).toBe('A new bio written by Luna herself.');
	});

	it('renaming the account is validated and saved', async () => {
		const page = await as('alice@parley.test', '/settings');
		const name = page.getByLabel('Display name');
		await expect.poll(() => name.inputValue()).toBe('Alice Moreau');
		await name.fill('   ');
		await page.getByRole('button', { name: 'Save name' }).click();
		await page.getByText('Enter your name.').waitFor();
		await name.fill('Alice M.');
		await page.getByRole('button', { name: 'Save name' }).click();
		await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
		await page.getByTestId('signed-in-user').getByText('Alice M.').waitFor();
	});

	it('uploads a profile image, resized to a square, and shows it in the header', async () => {
		const page = await as('sol@parley.test', '/settings');
		const header = page.getByTestId('signed-in-user');
		await header.waitFor();
		expect(await header.locator('img').count()).toBe(0);

		const input = page.locator('input[type="file"]');
		await input.setInputFiles({
			name: 'notes.txt',
			mimeType: 'text/plain',
			buffer: Buffer.from('hi')
		});
		await page.getByText('That file is not an image.', { exact: false }).waitFor();

		await input.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(480, 320) });
		await page.getByRole('img', { name: /Preview of your new avatar/ }).waitFor();
		await page.getByRole('button', { name: 'Save image' }).click();
		await page.getByText('Your new picture is saved.').waitFor();

		const avatar = header.locator('img');
		await avatar.waitFor({ timeout: 15000 });
		const size = await avatar.evaluate((img: HTMLImageElement) => [
			img.naturalWidth,
			img.naturalHeight
		]);
		expect(size).toEqual([160, 160]);
		// The centre crop of a half-purple, half-teal image keeps both colours, split in the middle.
		const [left, right] = await avatar.evaluate((img: HTMLImageElement) => {
			const canvas = document.createElement('canvas');
			canvas.width = canvas.height = 160;
			const ctx = canvas.getContext('2d')!;
			ctx.drawImage(img, 0, 0);
			return [ctx.getImageData(40, 80, 1, 1).data[0], ctx.getImageData(120, 80, 1, 1).data[0]];
		});
		expect(left).toBeGreaterThan(50);
		expect(right).toBeLessThan(40);

		const uid = (await page
			.getByRole('link', { name: 'View your public page' })
			.getAttribute('href'))!
			.split('/')
			.pop()!;
		const stored = await readDoc(`avatars/${uid}`);
		expect(String(stored?.dataUrl)).toMatch(/^data:image\/jpeg;base64,/);
		const user = await readDoc(`users/${uid}`);
		const operator = await readDoc(`operators/${uid}`);
		expect(user?.avatarVersion).toBeGreaterThan(0);
		expect(operator?.avatarVersion).toBe(user?.avatarVersion);

		await page.getByRole('button', { name: 'Remove image' }).click();
		await page.getByText('Your picture is removed.').waitFor();
		await expect.poll(() => header.locator('img').count()).toBe(0);
		expect(await readDoc(`avatars/${uid}`)).toBeNull();
	});
});

describe('help feedback', () => {
	it('an answer written under a help article reaches the admin’s list', async () => {
		const reader = await visitor();
		await reader.goto('/help/getting-started');
		// A prerendered page: wait until the app has taken over its HTML before clicking.
		await reader.locator('html[data-hydrated="true"]').waitFor();
		await reader.getByRole('button', { name: 'No', exact: true }).click();
		await reader.getByLabel('What was missing?').fill('How do I change my <b>email</b>?');
		await reader.getByRole('button', { name: 'Send' }).click();
		await reader.getByText('Thanks for your feedback.').waitFor();

		const page = await as('admin@parley.test', '/admin#feedback');
		const panel = page.getByRole('tabpanel', { name: /Help feedback/ });
		const item = panel
			.getByRole('listitem')
			.filter({ hasText: 'How do I change my <b>email</b>?' });
		await item.waitFor({ timeout: 15000 });
		expect(await item.textContent()).toContain('No');
		expect(await item.getByRole('link').textContent()).toBe('Getting started as a customer');

		await panel.getByLabel('Article').selectOption({ label: 'Getting started as a customer' });
		await item.waitFor();
		await panel.getByLabel('Article').selectOption({ label: 'All articles' });
		await item.waitFor();
	});
});
