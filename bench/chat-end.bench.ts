/**
 * Chat-ending benchmark, in real Chromium against the emulators with the product's default
 * timing: how long after the operator's chat window goes does the customer's window say so and
 * close its input?
 *   window closed   the operator closes the chat window (pagehide leave beacon, then the leave
 *                   grace, DEFAULTS.leaveGraceSeconds, which a reload would cancel)
 *   browser killed  the operator's browser is SIGKILLed (its heartbeat stops; the customer's
 *                   window asks the server once the window timeout has passed)
 *   window reloaded the operator reloads the chat window: from the reload until its new page's
 *                   first write (a new leave key) has landed, which cancels the close the old
 *                   page announced; the chat must still be on afterwards. This is what the leave
 *                   grace must cover.
 * The customer's instant is taken inside its page (MutationObserver), against the moment the
 * operator's window went. BENCH_CHAT_END_CLOSED (default 10), BENCH_CHAT_END_KILLED (default 4)
 * and BENCH_CHAT_END_RELOADS (default 10) set the sample sizes.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULTS } from '$shared/config';
import { readDoc } from '../tests/emulator';
import { chatWithLuna, composer, whenTold } from '../tests/e2e/chat-kit';
import { killableBrowser, useDemoBrowser } from '../tests/e2e/presence-kit';
import { report, type Metric } from './lib/report';

const CLOSED = Number(process.env.BENCH_CHAT_END_CLOSED ?? 10);
const KILLED = Number(process.env.BENCH_CHAT_END_KILLED ?? 4);
const RELOADS = Number(process.env.BENCH_CHAT_END_RELOADS ?? 10);

const demo = useDemoBrowser();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Luna is offline again before the next round, whose new panel sets her online: a panel page
 * closed while its context still lives sends its beacon (closing the context alone may drop
 * it); a killed browser's panel waits for the sweep.
 */
async function offlineAgain(lunaId: string, panel?: Page): Promise<void> {
	await panel?.close();
	const at = Date.now();
	while ((await readDoc(`operators/${lunaId}`))?.status !== 'offline') {
		if (Date.now() - at > 150_000) throw new Error('Luna never went offline after the round.');
		await pause(250);
	}
}

it('chat end: operator gone → customer told', async () => {
	const luna = demo.ops.luna!;
	const told = `${luna.name} has left the chat`;

	const closed: number[] = [];
	for (let i = 0; i < CLOSED; i++) {
		const { operatorWindow, customer, panel } = await chatWithLuna(demo.signedIn, luna);
		const shown = whenTold(customer, told, 30_000);
		const at = Date.now();
		await operatorWindow.close();
		closed.push((await shown) - at);
		await offlineAgain(luna.id, panel);
		await Promise.all([panel.context().close(), customer.context().close()]);
	}

	const reloads: number[] = [];
	{
		const { operatorWindow, customer, sessionId, panel } = await chatWithLuna(demo.signedIn, luna);
		const party = `sessions/${sessionId}/parties/${luna.id}`;
		for (let i = 0; i < RELOADS; i++) {
			const before = (await readDoc(party))?.leaveKeyHash;
			const at = Date.now();
			const reloading = operatorWindow.reload();
			// The new page's first write (a new key) is what cancels the close the old page's
			// beacon announced (or makes that beacon find no window, if it lands first).
			while ((await readDoc(party))?.leaveKeyHash === before) {
				if (Date.now() - at > 30_000) throw new Error('The reloaded window never came back.');
				await pause(25);
			}
			reloads.push(Date.now() - at);
			await reloading;
			await composer(operatorWindow).waitFor();
		}
		await pause((DEFAULTS.leaveGraceSeconds + 1) * 1000);
		expect(await readDoc(`sessions/${sessionId}`)).toMatchObject({ status: 'active' });
		// End the chat on purpose (a window closed with its context might not say so).
		const ended = whenTold(customer, told, 30_000);
		await operatorWindow.close();
		await ended;
		await offlineAgain(luna.id, panel);
		await Promise.all([panel.context().close(), customer.context().close()]);
	}

	const killed: number[] = [];
	for (let i = 0; i < KILLED; i++) {
		const doomed = await killableBrowser();
		try {
			const { customer } = await chatWithLuna(demo.signedIn, luna, doomed.browser);
			// At a random moment of the heartbeat period.
			await pause(Math.random() * DEFAULTS.heartbeatSeconds * 1000);
			const shown = whenTold(customer, told, 120_000);
			const at = Date.now();
			await doomed.kill();
			killed.push((await shown) - at);
			await customer.context().close();
			await offlineAgain(luna.id);
		} finally {
			await doomed.kill();
		}
	}

	const metrics: Metric[] = [
		{
			metric: 'operator left → customer told',
			workload: 'window closed',
			unit: 'ms',
			baseline: 'write-listener',
			samples: closed,
			target: 5000
		},
		{
			metric: 'operator left → customer told',
			workload: 'browser killed',
			unit: 'ms',
			baseline: 'write-listener',
			samples: killed,
			target: 45_000
		},
		{
			metric: 'chat window reload → close cancelled',
			workload: 'operator reloads (must stay under the leave grace)',
			unit: 'ms',
			samples: reloads,
			target: DEFAULTS.leaveGraceSeconds * 1000
		}
	];
	report('chat-end', metrics, {
		leaveGraceSeconds: DEFAULTS.leaveGraceSeconds,
		windowTimeoutSeconds: DEFAULTS.windowTimeoutSeconds,
		heartbeatSeconds: DEFAULTS.heartbeatSeconds
	});
}, 900_000);
