/**
 * Webcam benchmark: from the operator's click on Start webcam to the first video frame presented
 * in the customer's window, peer to peer (the local default), in real Chromium with the fake
 * camera, against the emulators. Both instants are taken inside the pages on the same clock.
 * One chat; each run starts the webcam, waits for the first frame, stops it and waits for the
 * customer's view to return to the image. BENCH_CAM_RUNS (default 10) sets the sample size.
 */
import { it } from 'vitest';
import { clickToFirstFrame, openChat, useCamBrowser } from '../tests/e2e/cam-kit';
import { report, type Metric } from './lib/report';

const RUNS = Number(process.env.BENCH_CAM_RUNS ?? 10);
const demo = useCamBrowser();

it('cam: click → first remote frame', async () => {
	const { operatorWindow, customer } = await openChat(demo);
	const samples: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		samples.push(Math.round(await clickToFirstFrame(operatorWindow, customer)));
		await operatorWindow.getByRole('button', { name: 'Stop webcam' }).click();
		await customer
			.locator('video[data-cam-video="remote"]')
			.waitFor({ state: 'detached', timeout: 15_000 });
		await operatorWindow.getByRole('button', { name: 'Start webcam' }).waitFor();
	}
	const metrics: Metric[] = [
		{
			metric: 'click → first remote frame',
			workload: 'peer to peer, fake camera, two windows on loopback, Firestore signals',
			unit: 'ms',
			baseline: 'write-listener',
			samples
		}
	];
	report('cam', metrics, { transport: 'p2p', runs: RUNS });
}, 600_000);
