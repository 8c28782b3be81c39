/**
 * The webcam in real Chromium (fake camera and microphone, see browser.ts), peer to peer between
 * the operator's chat window and the customer's (no LiveKit server here): the operator clicks
 * Start webcam, the customer's window shows the operator's moving video in place of the image;
 * Stop brings the image back; a restart renegotiates; ending the chat stops the camera.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openChat, remoteFrames, useCamBrowser } from './cam-kit';

const demo = useCamBrowser();

describe('the webcam in a chat', () => {
	it('the customer sees the operator’s video after Start, the image again after Stop', async () => {
		const { operatorWindow, customer } = await openChat(demo);
		const start = operatorWindow.getByRole('button', { name: 'Start webcam' });
		expect(await customer.getByRole('button', { name: /webcam/ }).count()).toBe(0);

		await start.click();
		await operatorWindow.locator('video[data-cam-video="preview"]').waitFor();
		const frames = await remoteFrames(customer);
		expect(frames.width).toBeGreaterThan(0);
		expect(frames.advanced, 'frames advance over a second').toBeGreaterThan(5);
		await operatorWindow.getByText(/sees you/).waitFor({ timeout: 10_000 });
		expect(await customer.locator('.person.operator .avatar, .person.operator img').count()).toBe(
			0
		);

		// Mic mute toggles while live.
		await operatorWindow.getByRole('button', { name: 'Mute mic' }).click();
		await operatorWindow.getByRole('button', { name: 'Unmute mic' }).waitFor();

		await operatorWindow.getByRole('button', { name: 'Stop webcam' }).click();
		await customer
			.locator('video[data-cam-video="remote"]')
			.waitFor({ state: 'detached', timeout: 10_000 });
		expect(await operatorWindow.locator('video[data-cam-video="preview"]').count()).toBe(0);

		// A restart renegotiates (a fresh epoch) and the video comes back.
		await operatorWindow.getByRole('button', { name: 'Start webcam' }).click();
		expect((await remoteFrames(customer)).width).toBeGreaterThan(0);

		// Ending the chat stops the camera on both sides.
		operatorWindow.once('dialog', (dialog) => void dialog.accept());
		await operatorWindow.getByRole('button', { name: 'End chat' }).click();
		await customer
			.locator('video[data-cam-video="remote"]')
			.waitFor({ state: 'detached', timeout: 10_000 });
		await expect
			.poll(() => operatorWindow.locator('video[data-cam-video="preview"]').count())
			.toBe(0);
		expect(await liveTracks(operatorWindow)).toBe(0);
	});
});

/** Camera tracks still live in a page (the preview's stream is gone once stopped). */
function liveTracks(page: Page) {
	return page.evaluate(() =>
		[...document.querySelectorAll('video')].reduce(
			(n, v) =>
				n +
				((v.srcObject as MediaStream | null)?.getTracks().filter((t) => t.readyState === 'live')
					.length ?? 0),
			0
		)
	);
}
