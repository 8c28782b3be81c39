/**
 * A control panel left open past the life of its ID token (one hour). The page's clock is moved
 * on by 65 minutes, so the Auth SDK in it holds an expired token and must refresh it, and the
 * token service's answer is controlled by routing its requests:
 * - unreachable (the request fails at the network level): the SDK keeps the person signed in
 *   but has no token to give, so the panel's heartbeats stop reaching the server;
 * - refused with TOKEN_EXPIRED (a revoked refresh token, a session that truly ended): the SDK
 *   signs the person out.
 * Either way the operators must go offline for customers within the crash bound (90 s), and
 * the panel must say what happened instead of looking live.
 *
 * Only the panel's context gets the fake clock and the routes; the customer's does not. The
 * emulators run with the e2e tier's presence timing (scripts/test.mjs).
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { readDoc } from '../emulator';
import {
	customerWatching,
	openGroupChatWindow,
	panelRow,
	reconnectAndSetOnline,
	setOnline,
	useDemoBrowser,
	waitConnected,
	whenProfileShows
} from './presence-kit';

const demo = useDemoBrowser();

/** The Auth emulator serves the token endpoint under this path, as Google serves it. */
const TOKEN_SERVICE = '**/securetoken.googleapis.com/**';

/** A clock in the context from the first page load on, so the Auth SDK lives by it. */
const withClock = (context: BrowserContext) => context.clock.install();

/** What the token service answers for a refresh token that was revoked or has expired. */
const TOKEN_REFUSED = {
	status: 400,
	headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json' },
	body: JSON.stringify({
		error: { code: 400, message: 'TOKEN_EXPIRED', status: 'INVALID_ARGUMENT' }
	})
};

/**
 * Records, inside the page, every value the panel's connection status (`data-link`) takes from
 * now on, in order. The returned function reads them.
 */
async function recordLinks(panel: Page): Promise<() => Promise<string[]>> {
	await panel.evaluate(() => {
		const seen: string[] = [];
		(window as unknown as { parleyLinks: string[] }).parleyLinks = seen;
		let last: string | null | undefined;
		const read = () => {
			const now = document.querySelector('[data-link]')?.getAttribute('data-link') ?? null;
			if (now !== last) seen.push(String(now));
			last = now;
		};
		read();
		new MutationObserver(read).observe(document.body, {
			subtree: true,
			childList: true,
			attributes: true,
			attributeFilter: ['data-link']
		});
	});
	return () =>
		panel.evaluate(() => [...(window as unknown as { parleyLinks: string[] }).parleyLinks]);
}

describe('a panel whose ID token expires', () => {
	it('while the token service is unreachable: its operators go offline within 90 s, it says it is not connected, and once the service is back it offers Reconnect', async () => {
		const { luna, orion } = demo.ops;
		const owner = await demo.signedIn('owner@parley.test', '/group', undefined, withClock);
		const panel = await openGroupChatWindow(owner);
		await setOnline(panel, [luna!, orion!]);
		const customer = await customerWatching(demo.signedIn, [luna!, orion!], 'online');
		const context = owner.context();
		const links = await recordLinks(panel);
		const panelId = String((await readDoc(`operators/${luna!.id}`))?.statusPanelId);

		let refreshes = 0;
		await context.route(TOKEN_SERVICE, (route) => {
			refreshes++;
			return route.abort('connectionrefused');
		});
		const shown = customer.map((page) => whenProfileShows(page, 'offline', 90_000));
		const expiredAt = Date.now();
		await context.clock.fastForward('01:05:00');
		const latencies = (await Promise.all(shown)).map((at) => at - expiredAt);
		console.log(`token expired → offline on the customer's pages: ${latencies.join(' ms, ')} ms`);
		for (const ms of latencies) expect(ms).toBeLessThan(90_000);
		const seenOffline = await links();
		console.log(`panel while cut off: ${seenOffline.join(' → ')}`);
		// The operators are offline: the panel is not claiming to be connected.
		expect(seenOffline.at(-1)).not.toBe('connected');
		expect(seenOffline).toContain('unreachable');
		// The page did try to renew its token, and the sweep (not a goodbye) closed the panel.
		expect(refreshes).toBeGreaterThan(0);
		expect(await readDoc(`panels/${panelId}`)).toMatchObject({ closedReason: 'timeout' });
		expect(await readDoc(`operators/${luna!.id}`)).toMatchObject({
			status: 'offline',
			statusPanelId: null
		});

		// A change asked for meanwhile cannot reach the server, and the panel says why.
		await panel.getByRole('combobox', { name: `Action for ${luna!.name}` }).selectOption('away');
		await panel.getByRole('alert').first().waitFor({ timeout: 10_000 });
		expect((await panel.getByRole('alert').allTextContents()).join(' ')).toContain(
			'could not be renewed'
		);
		expect(await readDoc(`operators/${luna!.id}`)).toMatchObject({ status: 'offline' });

		// The token service is back: without a reload, the panel learns that the server closed it.
		const backAt = Date.now();
		await context.unroute(TOKEN_SERVICE);
		await panel.locator('[data-link="expired"]').waitFor({ timeout: 90_000 });
		console.log(`token service back → panel shows expired: ${Date.now() - backAt} ms`);
		const beforeReconnect = await links();
		console.log(`panel until Reconnect: ${beforeReconnect.join(' → ')}`);
		// From the moment the operators went offline, never a "Connected" it was not.
		expect(beforeReconnect.slice(seenOffline.length - 1)).not.toContain('connected');
		expect(await panel.locator('[data-link]').textContent()).toContain('Disconnected');
		// Nobody is shown online by a panel that is gone.
		for (const op of [luna!, orion!]) {
			expect(await readDoc(`operators/${op.id}`)).toMatchObject({ status: 'offline' });
		}

		await reconnectAndSetOnline(panel, luna!, customer[0]!);
		const lunaNow = await readDoc(`operators/${luna!.id}`);
		const reopened = await readDoc(`panels/${String(lunaNow?.statusPanelId)}`);
		expect(reopened).toMatchObject({ closedAt: null });
	}, 240_000);

	it('with a heartbeat in flight at the moment it expires: the heartbeats still stop, and its operators go offline within 90 s', async () => {
		// The emulator keeps a write stream open on the token it was opened with, even once that
		// token has expired (production closes it). A heartbeat held in flight across the expiry
		// kept that stream busy, so its idle timer never fired, the stream was never reopened, and
		// later heartbeats kept landing on the old token: the panel was never swept. Heartbeats now
		// go out only with a token the SDK can vouch for ($lib/firebase/sign-in).
		const { luna } = demo.ops;
		const panel = await demo.signedIn('luna@parley.test', '/panel', undefined, withClock);
		await waitConnected(panel);
		await setOnline(panel, [luna!]);
		const [customer] = await customerWatching(demo.signedIn, [luna!], 'online');
		const context = panel.context();
		const panelId = String((await readDoc(`operators/${luna!.id}`))?.statusPanelId);
		await context.route(TOKEN_SERVICE, (route) => route.abort('connectionrefused'));

		// Hold the next heartbeat's request until the clock has jumped past the token's life.
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		let caught!: () => void;
		const inFlight = new Promise<void>((resolve) => (caught = resolve));
		let held = false;
		await context.route('**/Write/channel**', async (route) => {
			const request = route.request();
			if (!held && request.method() === 'POST' && request.postData()?.includes('heartbeatAt')) {
				held = true;
				caught();
				await released;
			}
			await route.continue();
		});
		await inFlight;
		const shown = whenProfileShows(customer!, 'offline', 90_000);
		const expiredAt = Date.now();
		await context.clock.fastForward('01:05:00');
		release();
		const ms = (await shown) - expiredAt;
		console.log(`token expired with a heartbeat in flight → offline: ${ms} ms`);
		expect(ms).toBeLessThan(90_000);
		expect(await readDoc(`panels/${panelId}`)).toMatchObject({ closedReason: 'timeout' });
		// The panel does not claim a connection it cannot prove.
		expect(await panel.locator('[data-link]').getAttribute('data-link')).not.toBe('connected');
	}, 180_000);

	it('and the token service refuses it (revoked or expired session): the person is signed out, sees the sign-in form, and the operator goes offline within 90 s', async () => {
		const { luna } = demo.ops;
		const panel = await demo.signedIn('luna@parley.test', '/panel', undefined, withClock);
		await waitConnected(panel);
		await setOnline(panel, [luna!]);
		const [customer] = await customerWatching(demo.signedIn, [luna!], 'online');
		const context = panel.context();

		await context.route(TOKEN_SERVICE, (route) =>
			route.request().method() === 'OPTIONS'
				? route.fulfill({ status: 204, headers: TOKEN_REFUSED.headers })
				: route.fulfill(TOKEN_REFUSED)
		);
		const shown = whenProfileShows(customer!, 'offline', 90_000);
		const expiredAt = Date.now();
		await context.clock.fastForward('01:05:00');
		const ms = (await shown) - expiredAt;
		console.log(`session refused → offline on the customer's page: ${ms} ms`);
		expect(ms).toBeLessThan(90_000);

		// The page shows the person they are signed out, and will bring them back to the panel.
		await panel.waitForURL((url) => url.pathname === '/signin', { timeout: 10_000 });
		expect(new URL(panel.url()).searchParams.get('next')).toBe('/panel');
		await panel.getByRole('button', { name: 'Sign in' }).waitFor();
		expect(await panel.locator('[data-link]').count()).toBe(0);
		expect(await readDoc(`operators/${luna!.id}`)).toMatchObject({
			status: 'offline',
			statusPanelId: null
		});

		// Signing in again leads back to the panel, where Luna is offline until she says otherwise.
		await context.unroute(TOKEN_SERVICE);
		await panel.getByLabel('Email').fill('luna@parley.test');
		await panel.getByLabel('Password').fill(demo.password);
		await panel.getByRole('button', { name: 'Sign in' }).click();
		await panel.waitForURL((url) => url.pathname === '/panel');
		await waitConnected(panel);
		// (Its first view may come from what the page cached before it was signed out.)
		await panelRow(panel, luna!.id)
			.and(panel.locator('[data-status="offline"]'))
			.waitFor({ timeout: 10_000 });
		expect(await readDoc(`operators/${luna!.id}`)).toMatchObject({ status: 'offline' });
	}, 180_000);
});
