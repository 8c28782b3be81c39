/**
 * Browser steps shared by the chat-ending tests and benchmark: a chat between Luna (from her own
 * control panel) and Alice, and the moment a window shows that the chat has ended.
 */
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readDoc } from '../emulator';
import { setOnline, waitConnected, type DemoOperator } from './presence-kit';

type SignedIn = (email: string, path: string, on?: Browser) => Promise<Page>;

export function composer(page: Page) {
	return page.getByRole('textbox', { name: /^Message to / });
}

/**
 * The epoch milliseconds at which `page` shows that the chat has ended with `announcement`, its
 * input gone; taken inside the page. Arm it before the action being timed.
 */
export function whenTold(page: Page, announcement: string, timeout: number): Promise<number> {
	const told = page.evaluate(
		({ announcement, timeout }) =>
			new Promise<number>((resolve, reject) => {
				const done = () =>
					document.querySelector('.ended .announcement')?.textContent?.includes(announcement) &&
					!document.querySelector('textarea[aria-label^="Message to"]');
				if (done()) return resolve(Date.now());
				const observer = new MutationObserver(() => {
					if (!done()) return;
					observer.disconnect();
					clearTimeout(timer);
					resolve(Date.now());
				});
				observer.observe(document.body, { subtree: true, childList: true, characterData: true });
				const timer = setTimeout(() => {
					observer.disconnect();
					reject(new Error(`"${announcement}" was not shown within ${timeout} ms.`));
				}, timeout);
			}),
		{ announcement, timeout }
	);
	told.catch(() => undefined);
	return told;
}

/**
 * Luna (in browser `on`, or the default one) opens her panel and goes online; Alice (in
 * `customerOn`) asks for a chat; Luna accepts. Returns the panel, Luna's chat window and Alice's,
 * both connected and each with its party document written.
 */
export async function chatWithLuna(
	signedIn: SignedIn,
	luna: DemoOperator,
	on?: Browser,
	customerOn?: Browser
) {
	const panel = await signedIn('luna@parley.test', '/panel', on);
	await waitConnected(panel);
	await setOnline(panel, [luna]);
	const customer = await signedIn('alice@parley.test', `/operators/${luna.id}`, customerOn);
	await customer.getByRole('link', { name: 'Chat now' }).click();
	await customer.locator('[data-outcome="ringing"]').waitFor();
	const [operatorWindow] = await Promise.all([
		panel.context().waitForEvent('page'),
		panel.getByRole('button', { name: 'Accept chat request from Alice Moreau' }).click()
	]);
	await operatorWindow.waitForURL('**/chat/*');
	await customer.waitForURL('**/chat/*');
	await customer.locator('.person.operator[data-peer="here"]').waitFor({ timeout: 20_000 });
	await operatorWindow.locator('.person.customer[data-peer="here"]').waitFor({ timeout: 20_000 });
	await composer(operatorWindow).waitFor();
	await composer(customer).waitFor();
	const sessionId = new URL(customer.url()).pathname.split('/').pop()!;
	// Each window has written its own party document (with its leave key): a close can be told.
	await expect
		.poll(async () => (await readDoc(`sessions/${sessionId}/parties/${luna.id}`))?.leaveKeyHash)
		.toMatch(/^[0-9a-f]{64}$/);
	return { panel, operatorWindow, customer, sessionId };
}
