/**
 * Chat requests and the chat session window in real Chromium: a customer's Chat now rings in
 * the control panels, Accept opens the session in a new window and turns the customer's waiting
 * screen into the chat; messages both ways with typing, emoji and offline sending; End, the
 * rating, and the transcript in the history. Also: the first accept wins a race, and a decline
 * offers other advisors.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LIMITS } from '$shared/config';
import { listDocs, readDoc } from '../emulator';
import {
	openGroupChatWindow,
	panelRow,
	setOnline,
	waitConnected,
	useDemoBrowser,
	type DemoOperator
} from './presence-kit';

const demo = useDemoBrowser();
const signedIn = demo.signedIn;

/** The customer clicks Chat now on the operator's profile and lands on the waiting screen. */
async function chatNow(customer: Page, op: DemoOperator) {
	await customer.goto(`/operators/${op.id}`);
	await customer.getByRole('link', { name: 'Chat now' }).click();
	await customer.waitForURL(`**/operators/${op.id}/chat`);
	await customer.locator('[data-outcome="ringing"]').waitFor();
}

function composer(page: Page) {
	return page.getByRole('textbox', { name: /^Message to / });
}

async function send(page: Page, text: string) {
	await composer(page).fill(text);
	await composer(page).press('Enter');
}

function bubble(page: Page, text: string) {
	return page.locator('.message', { hasText: text });
}

describe('a chat from request to rating', () => {
	it('rings in the group window, opens on accept, carries messages both ways, ends, and is rated', async () => {
		const luna = demo.ops.luna!;
		const owner = await signedIn('owner@parley.test', '/group');
		const panel = await openGroupChatWindow(owner);
		await setOnline(panel, [luna]);

		const customer = await signedIn('alice@parley.test', '/');
		await chatNow(customer, luna);
		expect(await customer.getByRole('heading', { name: `Calling ${luna.name}…` }).count()).toBe(1);

		// The panel rings: the row animates, the count shows, the tab title counts too.
		const row = panelRow(panel, luna.id);
		await row.and(panel.locator('.ringing')).waitFor({ timeout: 10_000 });
		expect(await row.locator('[data-requests]').getAttribute('data-requests')).toBe('1');
		await expect.poll(() => panel.title()).toMatch(/^\(1\) /);

		// Accept opens the chat in a new window; the customer's waiting screen becomes the chat.
		const [operatorWindow] = await Promise.all([
			panel.context().waitForEvent('page'),
			panel.getByRole('button', { name: 'Accept chat request from Alice Moreau' }).click()
		]);
		await operatorWindow.waitForURL('**/chat/*');
		await customer.waitForURL('**/chat/*');
		const sessionId = new URL(customer.url()).pathname.split('/').pop()!;
		expect(new URL(operatorWindow.url()).pathname).toBe(`/chat/${sessionId}`);
		await expect.poll(async () => (await readDoc(`operators/${luna.id}`))!.status).toBe('busy');
		await expect.poll(() => panel.title()).not.toMatch(/^\(1\) /);

		// Both see each other connected.
		await customer.locator('.person.operator[data-peer="here"]').waitFor({ timeout: 20_000 });
		await operatorWindow.locator('.person.customer[data-peer="here"]').waitFor({ timeout: 20_000 });

		// Messages both ways; Shift+Enter makes a new line instead of sending.
		await composer(customer).fill('Hello Luna');
		await composer(customer).press('Shift+Enter');
		await composer(customer).pressSequentially('I have a question');
		await composer(customer).press('Enter');
		await bubble(operatorWindow, 'I have a question').waitFor();
		expect(await bubble(operatorWindow, 'Hello Luna').innerText()).toContain(
			'Hello Luna\nI have a question'
		);

		// Typing shows on the other side before anything is sent.
		await composer(operatorWindow).pressSequentially('Of course');
		await customer.getByText(`${luna.name.split(' ')[0]} is typing…`).waitFor({ timeout: 10_000 });
		await composer(operatorWindow).press('Enter');
		await bubble(customer, 'Of course').waitFor();

		// Reloading the chat window does not end the chat (the new page cancels the announced close).
		await operatorWindow.reload();
		await composer(operatorWindow).waitFor();
		expect(await readDoc(`sessions/${sessionId}`)).toMatchObject({ status: 'active' });

		// An emoji-only message is shown large; text is text, never markup.
		await send(customer, '🔮✨');
		await customer.locator('.message.big', { hasText: '🔮✨' }).waitFor();
		await send(customer, '<img src=x onerror="window.__xss=1">');
		await bubble(operatorWindow, '<img src=x').waitFor();
		expect(
			await operatorWindow.evaluate(() => (window as { __xss?: number }).__xss)
		).toBeUndefined();

		// The connection drops as a message goes out, and more are written offline: each is
		// delivered once on reconnect, in the order written.
		const offline = ['Sent as the line dropped', 'Sent while offline', 'And another one'];
		await send(customer, offline[0]!);
		await customer.context().setOffline(true);
		await send(customer, offline[1]!);
		await send(customer, offline[2]!);
		await customer.locator('.message[data-state="sending"]', { hasText: offline[2] }).waitFor();
		await customer.context().setOffline(false);
		for (const text of offline) {
			await bubble(operatorWindow, text).waitFor({ timeout: 20_000 });
			await customer
				.locator('.message[data-state="sent"]', { hasText: text })
				.waitFor({ timeout: 20_000 });
		}
		const shown = await operatorWindow.locator('.message').allTextContents();
		const order = offline.map((text) => shown.findIndex((t) => t.includes(text)));
		expect(order).toEqual([...order].sort((a, b) => a - b));

		// A burst past the limit (LIMITS.messagesPerMinute a minute window): twice the limit and one
		// more, sent in seconds, are more than any two windows hold, so some are held back in the
		// window with a sentence that says how long to wait.
		const BURST = 2 * LIMITS.messagesPerMinute + 1;
		for (let i = 0; i < BURST; i++) await send(customer, `Burst ${i}`);
		await customer
			.locator('.message[data-state="failed"] [data-reason]', {
				hasText: /^You are sending messages very quickly\. Wait \d+ s, then send again\.$/
			})
			.first()
			.waitFor({ timeout: 20_000 });
		await expect
			.poll(async () => customer.locator('.message[data-state="sending"]').count())
			.toBe(0);
		const burst = (await listDocs(`sessions/${sessionId}/messages`)).filter((m) =>
			String(m.text).startsWith('Burst ')
		);
		expect(burst.length).toBeLessThan(BURST);
		expect(burst.length).toBeGreaterThanOrEqual(LIMITS.messagesPerMinute - 10);

		// The operator ends the chat: the customer is told and can no longer write.
		operatorWindow.once('dialog', (dialog) => void dialog.accept());
		await operatorWindow.getByRole('button', { name: 'End chat' }).click();
		// A wait, not a bound: chatEnd may start a new Functions worker here.
		await customer
			.getByText(`${luna.name} has left the chat.`)
			.first()
			.waitFor({ timeout: 30_000 });
		expect(await composer(customer).count()).toBe(0);
		await expect.poll(async () => (await readDoc(`operators/${luna.id}`))!.status).toBe('online');

		const stored = await listDocs(`sessions/${sessionId}/messages`);
		for (const text of offline) expect(stored.filter((m) => m.text === text)).toHaveLength(1);
		expect(stored.filter((m) => m.authorRole === 'customer').map((m) => m.authorUid)).not.toContain(
			null
		);

		// The customer rates the chat once; the profile counts it.
		await customer.locator('label[for$="-star-5"]').click();
		await customer.getByLabel(/Comment/).fill('Clear and kind.');
		await customer.getByRole('button', { name: 'Submit rating' }).click();
		await customer.getByText('you rated this chat 5 out of 5').waitFor({ timeout: 10_000 });
		expect(await readDoc(`operators/${luna.id}`)).toMatchObject({ ratingSum: 5, ratingCount: 1 });

		// Both find the transcript in their history.
		await customer.goto('/history');
		await customer.locator(`[data-chat="${sessionId}"]`).getByRole('link').click();
		await bubble(customer, 'Of course').waitFor();
		const history = await signedIn('luna@parley.test', '/history');
		await history.locator(`[data-chat="${sessionId}"]`).waitFor();
	});
});

describe('leaving and ringing out', () => {
	it('the customer can leave; the operator is told and its input closes', async () => {
		const luna = demo.ops.luna!;
		const own = await signedIn('luna@parley.test', '/panel');
		await waitConnected(own);
		await setOnline(own, [luna]);
		const customer = await signedIn('alice@parley.test', '/');
		await chatNow(customer, luna);
		const [chatWindow] = await Promise.all([
			own.context().waitForEvent('page'),
			own.getByRole('button', { name: 'Accept chat request from Alice Moreau' }).click()
		]);
		await customer.waitForURL('**/chat/*');
		await composer(chatWindow).waitFor();
		customer.once('dialog', (dialog) => void dialog.accept());
		await customer.getByRole('button', { name: 'Leave chat' }).click();
		await chatWindow
			.getByText('Alice Moreau has left the chat.')
			.first()
			.waitFor({ timeout: 10_000 });
		expect(await composer(chatWindow).count()).toBe(0);
		await expect.poll(async () => (await readDoc(`operators/${luna.id}`))!.status).toBe('online');
	});

	it('closing the waiting page cancels the request: the operator is not charged a miss', async () => {
		const luna = demo.ops.luna!;
		const own = await signedIn('luna@parley.test', '/panel');
		await waitConnected(own);
		await setOnline(own, [luna]);
		const customer = await signedIn('alice@parley.test', '/');
		await chatNow(customer, luna);
		await own.locator('tr.call').waitFor();
		// The waiting page knows its request (the server has answered it) before it is closed.
		await customer.locator('[data-request]').waitFor();
		await customer.close();
		await own.locator('tr.call').waitFor({ state: 'detached', timeout: 20_000 });
		const [request] = await listDocs('requests');
		expect(request).toMatchObject({ status: 'cancelled' });
		expect(await readDoc(`operators/${luna.id}`)).toMatchObject({
			missStreak: 0,
			status: 'online'
		});
	});

	it('an unanswered request rings out after 45 s: the customer is told, the operator is charged a miss', async () => {
		const luna = demo.ops.luna!;
		const own = await signedIn('luna@parley.test', '/panel');
		await waitConnected(own);
		await setOnline(own, [luna]);
		const customer = await signedIn('alice@parley.test', '/');
		await chatNow(customer, luna);
		await own.locator('tr.call').waitFor();
		await customer.locator('[data-outcome="expired"]').waitFor({ timeout: 60_000 });
		expect(await customer.getByText(`${luna.name} didn’t answer in time.`).count()).toBe(1);
		await own.locator('tr.call').waitFor({ state: 'detached', timeout: 10_000 });
		expect(await readDoc(`operators/${luna.id}`)).toMatchObject({
			missStreak: 1,
			status: 'online'
		});
	}, 120_000);
});

describe('answering', () => {
	it('the first accept wins when the operator and the group owner race', async () => {
		const luna = demo.ops.luna!;
		const owner = await signedIn('owner@parley.test', '/group');
		const groupPanel = await openGroupChatWindow(owner);
		await setOnline(groupPanel, [luna]);
		const own = await signedIn('luna@parley.test', '/panel');
		await waitConnected(own);

		const customer = await signedIn('alice@parley.test', '/');
		await chatNow(customer, luna);
		const accept = (page: Page) =>
			page.getByRole('button', { name: 'Accept chat request from Alice Moreau' });
		await Promise.all([accept(groupPanel).waitFor(), accept(own).waitFor()]);

		const opened: Page[] = [];
		groupPanel.context().on('page', (p) => opened.push(p));
		own.context().on('page', (p) => opened.push(p));
		await Promise.all([accept(groupPanel).click(), accept(own).click()]);
		await customer.waitForURL('**/chat/*');

		const refusals = async () =>
			[
				...(await groupPanel.locator('.alert-error').allInnerTexts()),
				...(await own.locator('.alert-error').allInnerTexts())
			].join(' ');
		await expect
			.poll(refusals, { timeout: 10_000 })
			.toContain('already answered in another window');
		const sessions = await listDocs('sessions');
		expect(sessions).toHaveLength(1);
		// The loser's blank window was closed again: one chat window stays open.
		await expect.poll(() => opened.filter((p) => !p.isClosed()).length).toBe(1);
	});

	it('a decline tells the customer and offers other online advisors', async () => {
		const { luna, orion } = demo.ops;
		const owner = await signedIn('owner@parley.test', '/group');
		const panel = await openGroupChatWindow(owner);
		await setOnline(panel, [luna!, orion!]);

		const customer = await signedIn('alice@parley.test', '/');
		await chatNow(customer, luna!);
		await panel.getByRole('button', { name: 'Decline chat request from Alice Moreau' }).click();
		await customer.locator('[data-outcome="declined"]').waitFor({ timeout: 10_000 });
		expect(await customer.getByText(`${luna!.name} can’t take your chat right now.`).count()).toBe(
			1
		);
		await customer.getByRole('link', { name: new RegExp(orion!.name) }).waitFor();
		expect(await readDoc(`operators/${luna!.id}`)).toMatchObject({ status: 'online' });
	});
});
