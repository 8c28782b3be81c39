/**
 * Presence in real Chromium: the group's chat window sets operators online, customers see it
 * live, and closing the window (or losing it) takes them offline again. The integration tiers
 * run with shortened presence timing (scripts/test.mjs: heartbeat 2 s, panel lost after 8 s,
 * sweep every 2 s); tests/e2e/npm-start.test.ts proves the product's defaults run.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { listDocs, readDoc } from '../emulator';
// The miss policy runs on the server when a request rings out; chat requests call it, and here
// the test calls the same built module directly (the Admin SDK from functions/).
import { db } from '../../functions/lib/lib/admin.js';
import { recordMiss } from '../../functions/lib/presence/miss-policy.js';
import {
	customerWatching as watchAsCustomer,
	killableBrowser,
	openGroupChatWindow,
	panelRow,
	profileStatus,
	reconnectAndSetOnline,
	setOnline,
	waitConnected,
	whenProfileShows,
	useDemoBrowser,
	type DemoOperator
} from './presence-kit';

const demo = useDemoBrowser();
const signedIn = demo.signedIn;

/** A customer's tab on each operator's profile, showing `status`. */
function customerWatching(operators: DemoOperator[], status: string): Promise<Page[]> {
	return watchAsCustomer(signedIn, operators, status);
}

describe('group chat window', () => {
	it('opens with everyone offline, sets two operators online, and closing it takes them offline within 2 s', async () => {
		const owner = await signedIn('owner@parley.test', '/group');
		const panel = await openGroupChatWindow(owner);
		const { luna, orion, vega } = demo.ops;
		for (const op of [luna!, orion!, vega!]) {
			await expect(panelRow(panel, op.id).getAttribute('data-status')).resolves.toBe('offline');
		}

		const customer = await customerWatching([luna!, orion!], 'offline');
		await setOnline(panel, [luna!, orion!]);
		// Live on the customer's pages, without a reload.
		await Promise.all(
			customer.map((page) =>
				page.locator('header [data-status="online"]').waitFor({ timeout: 5000 })
			)
		);
		await expect(panelRow(panel, vega!.id).getAttribute('data-status')).resolves.toBe('offline');

		const shown = customer.map((page) => whenProfileShows(page, 'offline', 10_000));
		const closedAt = Date.now();
		await panel.close();
		const latencies = (await Promise.all(shown)).map((at) => at - closedAt);
		console.log(`close → offline on the customer's pages: ${latencies.join(' ms, ')} ms`);
		for (const ms of latencies) expect(ms).toBeLessThan(2000);

		const luna1 = await readDoc(`operators/${luna!.id}`);
		expect(luna1).toMatchObject({
			status: 'offline',
			statusPanelId: null,
			chosenStatus: 'offline'
		});
	});

	it('a reload, a second window and the operator’s own panel never flip anyone online', async () => {
		const { luna, orion } = demo.ops;
		const owner = await signedIn('owner@parley.test', '/group');
		const panel = await openGroupChatWindow(owner);
		await setOnline(panel, [luna!]);
		const [customer] = await customerWatching([luna!], 'online');

		// Luna opens her own panel: she sees herself online, set elsewhere, and changes nothing.
		const lunaPanel = await signedIn('luna@parley.test', '/panel');
		await waitConnected(lunaPanel);
		const lunaRow = panelRow(lunaPanel, luna!.id);
		await expect(lunaRow.getAttribute('data-status')).resolves.toBe('online');
		expect(await lunaRow.getByText('set in another window').count()).toBe(1);
		// Closing Luna's own panel leaves the state the group window owns alone.
		await lunaPanel.close();
		// A second group window opening changes nothing either.
		const second = await owner.context().newPage();
		await second.goto('/group/panel');
		await waitConnected(second);
		await expect(panelRow(second, orion!.id).getAttribute('data-status')).resolves.toBe('offline');
		await second.close();
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await readDoc(`operators/${luna!.id}`)).toMatchObject({ status: 'online' });
		await expect(profileStatus(customer!).getAttribute('data-status')).resolves.toBe('online');

		// A reload is a close and a reopen: Luna goes offline and stays offline after it.
		const offline = whenProfileShows(customer!, 'offline', 10_000);
		await panel.reload();
		await offline;
		await waitConnected(panel);
		await expect(panelRow(panel, luna!.id).getAttribute('data-status')).resolves.toBe('offline');
	});

	it('a panel that loses the network says so; past the timeout its operators go offline and it offers to reconnect', async () => {
		const { luna } = demo.ops;
		const owner = await signedIn('owner@parley.test', '/group');
		const panel = await openGroupChatWindow(owner);
		await setOnline(panel, [luna!]);
		const [customer] = await customerWatching([luna!], 'online');

		const offline = whenProfileShows(customer!, 'offline', 60_000);
		await panel.context().setOffline(true);
		await panel.locator('[data-link="unreachable"]').waitFor({ timeout: 15_000 });
		expect(await panel.locator('[data-link]').textContent()).toContain('Cannot reach the server');
		// The sweep notices the silent panel: customers see the operator offline.
		await offline;

		await panel.context().setOffline(false);
		await panel.locator('[data-link="expired"]').waitFor({ timeout: 30_000 });
		expect(await panel.locator('[data-link]').textContent()).toContain('Disconnected for too long');
		// Its listener catches up with what happened while it was cut off: Luna is offline.
		await reconnectAndSetOnline(panel, luna!, customer!);
	});
});

describe('miss policy', () => {
	it('after 3 unanswered requests the operator goes offline and the group window tells its owner', async () => {
		const { luna } = demo.ops;
		const owner = await signedIn('owner@parley.test', '/group');
		const panel = await openGroupChatWindow(owner);
		await setOnline(panel, [luna!]);
		for (let i = 0; i < 3; i++) await recordMiss(db(), luna!.id);

		await panelRow(panel, luna!.id)
			.and(panel.locator('[data-status="offline"]'))
			.waitFor({ timeout: 5000 });
		const notice = panel.locator('[data-notice="missedRequests"]');
		await notice.waitFor({ timeout: 5000 });
		expect(await notice.textContent()).toContain(`${luna!.name} missed 3 chat requests in a row`);
		await notice.getByRole('button', { name: 'Dismiss' }).click();
		await notice.waitFor({ state: 'detached', timeout: 5000 });
		// The notice leaves the page as soon as the write is made locally; wait for the server.
		const owners = async () => {
			const notes = (await listDocs('notifications')).filter((n) => n.operatorId === luna!.id);
			expect(notes).toHaveLength(2);
			return notes.filter((n) => n.read === true).length;
		};
		const deadline = Date.now() + 5000;
		while ((await owners()) === 0 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		expect(await owners()).toBe(1);
	});
});

describe('a panel whose browser is killed', () => {
	it('its operators go offline on the customer’s page within 90 s', async () => {
		const { luna, orion } = demo.ops;
		const doomed = await killableBrowser();
		try {
			const owner = await signedIn('owner@parley.test', '/group', doomed.browser);
			const panel = await openGroupChatWindow(owner);
			await setOnline(panel, [luna!, orion!]);
			const customer = await customerWatching([luna!, orion!], 'online');

			const shown = customer.map((page) => whenProfileShows(page, 'offline', 90_000));
			const killedAt = Date.now();
			await doomed.kill();
			const latencies = (await Promise.all(shown)).map((at) => at - killedAt);
			console.log(
				`killed browser → offline on the customer's pages: ${latencies.join(' ms, ')} ms`
			);
			for (const ms of latencies) expect(ms).toBeLessThan(90_000);
			expect(await readDoc(`operators/${luna!.id}`)).toMatchObject({ status: 'offline' });
		} finally {
			await doomed.kill();
		}
	}, 180_000);
});
