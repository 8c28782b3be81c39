/**
 * Presence benchmark: how long after a control panel goes away do customers see its operator
 * offline? Measured in real Chromium on the customer's profile page (the moment the badge
 * changes, taken inside the page), against the emulators with the product's default timing.
 *   clean close   the operator's panel window is closed (pagehide beacon)
 *   killed        the panel's browser process is SIGKILLed (heartbeat stops; the sweep notices)
 * Kills are spread at random over a sweep period, so the samples cover every phase of it.
 * BENCH_PRESENCE_CLEAN (default 20) and BENCH_PRESENCE_KILL_ROUNDS (default 2, four kills each)
 * change the sample sizes.
 */
import { afterAll, beforeAll, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEFAULTS } from '$shared/config';
import { resetAndSeed } from '../tests/emulator';
import { launch, newPage, signInThroughUi, type LaunchedBrowser } from '../tests/e2e/browser';
import {
	demoOperators,
	killableBrowser,
	panelRow,
	setOnline,
	waitConnected,
	watchProfile,
	whenProfileShows,
	type DemoOperator
} from '../tests/e2e/presence-kit';
import { report, type Metric } from './lib/report';

const CLEAN_RUNS = Number(process.env.BENCH_PRESENCE_CLEAN ?? 20);
const KILL_ROUNDS = Number(process.env.BENCH_PRESENCE_KILL_ROUNDS ?? 2);
const timing = {
	heartbeatSeconds: Number(process.env.PRESENCE_HEARTBEAT_SECONDS) || DEFAULTS.heartbeatSeconds,
	panelTimeoutSeconds: Number(process.env.PRESENCE_TIMEOUT_SECONDS) || DEFAULTS.panelTimeoutSeconds,
	sweepSeconds: Number(process.env.PRESENCE_SWEEP_SECONDS) || DEFAULTS.sweepSeconds
};

let browser: LaunchedBrowser;
let password: string;
let operators: DemoOperator[];
const emails: Record<string, string> = {};
/** The customer's tab on each operator's profile. */
const watching = new Map<string, Page>();

beforeAll(async () => {
	password = (await resetAndSeed()).password;
	const ops = await demoOperators();
	operators = ['luna', 'orion', 'vega', 'sol'].map((k) => ops[k]!);
	for (const k of ['luna', 'orion', 'vega', 'sol']) emails[ops[k]!.id] = `${k}@parley.test`;
	browser = await launch();
	const { page } = await newPage(browser.browser);
	await signInThroughUi(page, 'alice@parley.test', password);
	for (const op of operators) {
		const tab = watching.size === 0 ? page : await page.context().newPage();
		await watchProfile(tab, op.id, 'offline');
		watching.set(op.id, tab);
	}
});

afterAll(async () => {
	await browser?.close();
});

async function operatorPanel(on: Browser, op: DemoOperator, context?: BrowserContext) {
	let page: Page;
	if (context) {
		page = await context.newPage();
	} else {
		page = (await newPage(on)).page;
		await signInThroughUi(page, emails[op.id]!, password);
	}
	await page.goto('/panel');
	await waitConnected(page);
	await panelRow(page, op.id).waitFor();
	return page;
}

async function onlineEverywhere(panel: Page, op: DemoOperator) {
	await setOnline(panel, [op]);
	await watching.get(op.id)!.locator('header [data-status="online"]').waitFor({ timeout: 10_000 });
}

it('presence: panel gone → offline visible to customers', async () => {
	// Clean close: one signed-in context per operator, a fresh panel window each run.
	const contexts = new Map<string, BrowserContext>();
	for (const op of operators) {
		const first = await operatorPanel(browser.browser, op);
		contexts.set(op.id, first.context());
		await first.close();
	}
	const clean: number[] = [];
	for (let i = 0; i < CLEAN_RUNS; i++) {
		const op = operators[i % operators.length]!;
		const panel = await operatorPanel(browser.browser, op, contexts.get(op.id));
		await onlineEverywhere(panel, op);
		const shown = whenProfileShows(watching.get(op.id)!, 'offline', 30_000);
		const closedAt = Date.now();
		await panel.close();
		clean.push((await shown) - closedAt);
	}

	// Killed browsers: each operator's panel in its own browser process, killed at a random
	// moment of a sweep period.
	const killed: number[] = [];
	const bound = (timing.panelTimeoutSeconds + timing.sweepSeconds) * 1000;
	for (let round = 0; round < KILL_ROUNDS; round++) {
		const doomed = await Promise.all(operators.map(() => killableBrowser()));
		try {
			for (const [i, op] of operators.entries()) {
				await onlineEverywhere(await operatorPanel(doomed[i]!.browser, op), op);
			}
			const samples = operators.map(async (op, i) => {
				await new Promise((r) => setTimeout(r, Math.random() * timing.sweepSeconds * 1000));
				const shown = whenProfileShows(watching.get(op.id)!, 'offline', bound + 60_000);
				const killedAt = Date.now();
				await doomed[i]!.kill();
				return (await shown) - killedAt;
			});
			killed.push(...(await Promise.all(samples)));
		} finally {
			await Promise.all(doomed.map((d) => d.kill()));
		}
	}

	const metrics: Metric[] = [
		{
			metric: 'presence close → offline visible',
			workload: 'clean close (pagehide beacon)',
			unit: 'ms',
			baseline: 'write-listener',
			samples: clean,
			target: 2000
		},
		{
			metric: 'presence close → offline visible',
			workload: 'browser killed (heartbeat sweep)',
			unit: 'ms',
			baseline: 'write-listener',
			samples: killed,
			target: 90_000
		}
	];
	report('presence', metrics, { timing, expectedKilledBoundMs: bound });
});
