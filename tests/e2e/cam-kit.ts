/**
 * Steps shared by the webcam end-to-end test and the webcam benchmark: open a chat between a
 * customer and an operator (each in their own context), and wait for the operator's video to
 * play in the customer's window.
 */
import type { Page } from 'playwright-core';
import { setOnline, openGroupChatWindow, useDemoBrowser } from './presence-kit';

export function useCamBrowser() {
	return useDemoBrowser();
}

type Demo = ReturnType<typeof useDemoBrowser>;

/** alice asks luna (online from the group owner's panel); the owner accepts in a new window. */
export async function openChat(demo: Demo): Promise<{ operatorWindow: Page; customer: Page }> {
	const luna = demo.ops.luna!;
	const owner = await demo.signedIn('owner@parley.test', '/group');
	const panel = await openGroupChatWindow(owner);
	await setOnline(panel, [luna]);
	const customer = await demo.signedIn('alice@parley.test', `/operators/${luna.id}`);
	await customer.getByRole('link', { name: 'Chat now' }).click();
	await customer.locator('[data-outcome="ringing"]').waitFor();
	const [operatorWindow] = await Promise.all([
		panel.context().waitForEvent('page'),
		panel
			.getByRole('button', { name: /^Accept chat request from / })
			.first()
			.click()
	]);
	await operatorWindow.waitForURL('**/chat/*');
	await customer.waitForURL('**/chat/*');
	await customer.locator('.person.operator[data-peer="here"]').waitFor({ timeout: 20_000 });
	await operatorWindow.locator('.person.customer[data-peer="here"]').waitFor({ timeout: 20_000 });
	return { operatorWindow, customer };
}

/**
 * Waits for the operator's video in the customer's window to have a size, then counts the
 * frames presented over one second (requestVideoFrameCallback).
 */
export async function remoteFrames(customer: Page, timeout = 20_000) {
	const video = customer.locator('video[data-cam-video="remote"]');
	await video.waitFor({ timeout });
	await customer.waitForFunction(
		() =>
			(document.querySelector('video[data-cam-video="remote"]') as HTMLVideoElement | null)
				?.videoWidth,
		undefined,
		{ timeout }
	);
	return customer.evaluate(async () => {
		const v = document.querySelector('video[data-cam-video="remote"]') as HTMLVideoElement;
		let advanced = 0;
		const count = () => {
			advanced++;
			v.requestVideoFrameCallback(count);
		};
		v.requestVideoFrameCallback(count);
		await new Promise((r) => setTimeout(r, 1000));
		return { width: v.videoWidth, height: v.videoHeight, advanced };
	});
}

/**
 * Milliseconds from a click on Start webcam to the first video frame presented in the
 * customer's window, both taken on the same clock (performance.timeOrigin + now()).
 */
export async function clickToFirstFrame(operatorWindow: Page, customer: Page): Promise<number> {
	// Arm a watcher in the customer's window first: it records the first presented frame.
	await customer.evaluate(() => {
		const w = window as unknown as { __firstFrameAt?: number };
		delete w.__firstFrameAt;
		const watch = () => {
			const v = document.querySelector('video[data-cam-video="remote"]') as HTMLVideoElement | null;
			if (!v) return void requestAnimationFrame(watch);
			v.requestVideoFrameCallback(
				() => (w.__firstFrameAt = performance.timeOrigin + performance.now())
			);
		};
		watch();
	});
	const clickedAt = await operatorWindow.evaluate(() => {
		const b = document.querySelector('button[aria-label="Start webcam"]') as HTMLButtonElement;
		const at = performance.timeOrigin + performance.now();
		b.click();
		return at;
	});
	const handle = await customer.waitForFunction(
		() => (window as unknown as { __firstFrameAt?: number }).__firstFrameAt,
		undefined,
		{ timeout: 30_000, polling: 50 }
	);
	return ((await handle.jsonValue()) as number) - clickedAt;
}
