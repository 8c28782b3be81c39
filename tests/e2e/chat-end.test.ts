/**
 * How a chat ends when a window goes, in real Chromium: the operator closing its chat window (the
 * usual way a chat ends) tells the customer within 5 s; a reload does not end the chat; the
 * customer closing theirs tells the operator the same way and frees it; a killed browser on
 * either side is noticed by the other within 45 s. The bounds are the product's promises, so
 * they are checked here; the times are taken inside the page that is told (MutationObserver),
 * against the moment the other window went.
 */
import { describe, expect, it } from 'vitest';
import { readDoc } from '../emulator';
import { chatWithLuna, composer, whenTold } from './chat-kit';
import { killableBrowser, panelRow, useDemoBrowser } from './presence-kit';

const demo = useDemoBrowser();
const signedIn = demo.signedIn;

/** The clean-close promise and the crash promise, in milliseconds. */
const CLEAN_CLOSE_MS = 5000;
const CRASH_MS = 45_000;

describe('the operator closes the chat window', () => {
	it('the customer is told within 5 s and can no longer write; the panel offered the way back while it lasted', async () => {
		const luna = demo.ops.luna!;
		const { panel, operatorWindow, customer, sessionId } = await chatWithLuna(signedIn, luna);

		// While the chat goes on, the busy row leads back to its window.
		const back = panelRow(panel, luna.id).getByRole('link', {
			name: 'Open chat with Alice Moreau'
		});
		await back.waitFor({ timeout: 10_000 });
		expect(await back.getAttribute('href')).toBe(`/chat/${sessionId}`);

		const told = whenTold(customer, `${luna.name} has left the chat.`, 20_000);
		const closedAt = Date.now();
		await operatorWindow.close();
		const ms = (await told) - closedAt;
		console.log(`operator window closed → customer told: ${ms} ms`);
		expect(ms).toBeLessThan(CLEAN_CLOSE_MS);
		expect(await composer(customer).count()).toBe(0);
		expect(await readDoc(`sessions/${sessionId}`)).toMatchObject({
			status: 'ended',
			endedBy: 'operator'
		});
		// The operator is free again, and the way back is gone with the chat.
		await panelRow(panel, luna.id)
			.and(panel.locator('[data-status="online"]'))
			.waitFor({ timeout: CLEAN_CLOSE_MS });
		await back.waitFor({ state: 'detached', timeout: 5000 });
	});

	it('a reload does not end the chat: the new page cancels the end, and the chat goes on', async () => {
		const luna = demo.ops.luna!;
		const { operatorWindow, customer, sessionId } = await chatWithLuna(signedIn, luna);
		await operatorWindow.reload();
		await composer(operatorWindow).waitFor();
		// Past the leave grace, with room to spare: the chat is still on for both.
		await new Promise((resolve) => setTimeout(resolve, CLEAN_CLOSE_MS + 2000));
		expect(await readDoc(`sessions/${sessionId}`)).toMatchObject({ status: 'active' });
		expect(await readDoc(`sessions/${sessionId}/parties/${luna.id}`)).toMatchObject({
			leavingAt: null
		});
		await composer(operatorWindow).fill('Still here after the reload');
		await composer(operatorWindow).press('Enter');
		await customer.locator('.message', { hasText: 'Still here after the reload' }).waitFor();
		expect(await composer(customer).isEnabled()).toBe(true);
	});

	it('a busy operator whose window was closed by mistake can open the chat again from the panel', async () => {
		const luna = demo.ops.luna!;
		const { panel, operatorWindow, sessionId } = await chatWithLuna(signedIn, luna);
		// The panel's link opens the chat in another window.
		const [again] = await Promise.all([
			panel.context().waitForEvent('page'),
			panelRow(panel, luna.id).getByRole('link', { name: 'Open chat with Alice Moreau' }).click()
		]);
		await again.waitForURL(`**/chat/${sessionId}`);
		await composer(again).waitFor();
		// Closing the first of the two windows of the same person ends nothing.
		await operatorWindow.close();
		await new Promise((resolve) => setTimeout(resolve, CLEAN_CLOSE_MS + 2000));
		expect(await readDoc(`sessions/${sessionId}`)).toMatchObject({ status: 'active' });
		expect(await composer(again).isEnabled()).toBe(true);
	});
});

describe('the customer closes theirs', () => {
	it('the operator is told within 5 s, and is no longer shown busy within 5 s of the end', async () => {
		const luna = demo.ops.luna!;
		const { panel, operatorWindow, customer, sessionId } = await chatWithLuna(signedIn, luna);
		await panelRow(panel, luna.id).and(panel.locator('[data-status="busy"]')).waitFor();
		const told = whenTold(operatorWindow, 'Alice Moreau has left the chat.', 20_000);
		const freed = panel.evaluate(
			(id) =>
				new Promise<number>((resolve) => {
					const row = () => document.querySelector(`tr[data-operator="${id}"]`);
					const observer = new MutationObserver(() => {
						if (row()?.getAttribute('data-status') !== 'online') return;
						observer.disconnect();
						resolve(Date.now());
					});
					observer.observe(document.body, { subtree: true, attributes: true, childList: true });
				}),
			luna.id
		);
		const closedAt = Date.now();
		await customer.close();
		const toldMs = (await told) - closedAt;
		const freedMs = (await freed) - closedAt;
		console.log(
			`customer window closed → operator told: ${toldMs} ms, shown online: ${freedMs} ms`
		);
		expect(toldMs).toBeLessThan(CLEAN_CLOSE_MS);
		expect(freedMs).toBeLessThan(CLEAN_CLOSE_MS);
		expect(await readDoc(`sessions/${sessionId}`)).toMatchObject({ endedBy: 'customer' });
	});
});

describe('a browser killed in the middle of a chat', () => {
	it("the operator's: the customer is told within 45 s", async () => {
		const luna = demo.ops.luna!;
		const doomed = await killableBrowser();
		try {
			const { customer, sessionId } = await chatWithLuna(signedIn, luna, doomed.browser);
			const told = whenTold(customer, `${luna.name} has left the chat`, 90_000);
			const killedAt = Date.now();
			await doomed.kill();
			const ms = (await told) - killedAt;
			console.log(`operator's browser killed → customer told: ${ms} ms`);
			expect(ms).toBeLessThan(CRASH_MS);
			expect(await readDoc(`sessions/${sessionId}`)).toMatchObject({ endedBy: 'timeout' });
		} finally {
			await doomed.kill();
		}
	}, 180_000);

	it("the customer's: the operator is told within 45 s", async () => {
		const luna = demo.ops.luna!;
		const doomed = await killableBrowser();
		try {
			const { operatorWindow, sessionId } = await chatWithLuna(
				signedIn,
				luna,
				undefined,
				doomed.browser
			);
			const told = whenTold(operatorWindow, 'Alice Moreau has left the chat', 90_000);
			const killedAt = Date.now();
			await doomed.kill();
			const ms = (await told) - killedAt;
			console.log(`customer's browser killed → operator told: ${ms} ms`);
			expect(ms).toBeLessThan(CRASH_MS);
			expect(await readDoc(`sessions/${sessionId}`)).toMatchObject({
				endedBy: 'customerTimeout'
			});
		} finally {
			await doomed.kill();
		}
	}, 180_000);
});
