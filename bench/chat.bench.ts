/**
 * Chat benchmark, in real Chromium against the emulators with the product's default timing:
 *   request → ring visible   the customer clicks Chat now on an operator's profile until the
 *                            operator's control panel (/panel) shows that operator's row ringing
 *                            (the chatRequest callable, its transaction, the panel's one query)
 *   message send → displayed the sender presses Enter in an open chat until the message is
 *                            rendered in the other party's window (one Firestore write, the
 *                            other window's message listener, Svelte's update), both ways; also
 *                            the sender's own copy on screen, and its "sent" tick (the server
 *                            has acknowledged the write)
 * Every instant is taken inside the pages, on one clock (performance.timeOrigin + now(); all
 * pages run in the same browser): the press or click by a capture-phase listener in the
 * sender's page, the display by a MutationObserver in the receiver's page followed by the next
 * animation frame (the frame that paints the new node). Nothing is polled from the test side.
 * Rings are answered in turn by the operator's Decline and the customer's Cancel, so the
 * operator is free for the next one and is never charged a miss (the bench checks). The first
 * ring and the first message each way warm up the callable and the listeners and are reported
 * apart, not in the samples. Messages are spaced (the previous one has arrived, then a pause) so
 * none waits behind another. BENCH_CHAT_RINGS (default 12) and BENCH_CHAT_MESSAGES (default 40,
 * half each way) set the sample sizes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readDoc } from '../tests/emulator';
import { panelRow, setOnline, useDemoBrowser, waitConnected } from '../tests/e2e/presence-kit';
import { report, type Metric } from './lib/report';

const RINGS = Number(process.env.BENCH_CHAT_RINGS ?? 12);
const MESSAGES = Number(process.env.BENCH_CHAT_MESSAGES ?? 40);

const demo = useDemoBrowser();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Seen {
	/** The message's node appeared (MutationObserver callback). */
	domAt: number;
	/** The next animation frame after that: the frame that paints it. */
	shownAt?: number;
	/** The node showed data-state="sent" (own messages: the server acknowledged the write). */
	sentAt?: number;
}

/**
 * Installs, once per chat window, a watcher that records for every message bubble (keyed by its
 * text) when it appeared and was painted, and when it turned "sent"; and the instant of every
 * Enter pressed in the composer (keyed by the text being sent).
 */
async function watchChat(page: Page) {
	await page.evaluate(() => {
		const now = () => performance.timeOrigin + performance.now();
		const w = window as unknown as {
			__bench?: { seen: Record<string, Seen>; pressed: Record<string, number> };
		};
		if (w.__bench) return;
		const bench = { seen: {} as Record<string, Seen>, pressed: {} as Record<string, number> };
		w.__bench = bench;
		const scan = () => {
			const at = now();
			for (const node of document.querySelectorAll<HTMLElement>('.message[data-message]')) {
				const text = node.querySelector('.bubble .text')?.textContent ?? '';
				if (!text.startsWith('bench ')) continue;
				let seen = bench.seen[text];
				if (!seen) {
					seen = bench.seen[text] = { domAt: at };
					const entry = seen;
					requestAnimationFrame(() => (entry.shownAt = now()));
				}
				if (seen.sentAt === undefined && node.dataset.state === 'sent') seen.sentAt = at;
			}
		};
		new MutationObserver(scan).observe(document.body, {
			subtree: true,
			childList: true,
			characterData: true,
			attributes: true,
			attributeFilter: ['data-state']
		});
		addEventListener(
			'keydown',
			(event) => {
				const target = event.target as HTMLElement | null;
				if (event.key !== 'Enter' || event.shiftKey || target?.tagName !== 'TEXTAREA') return;
				bench.pressed[(target as HTMLTextAreaElement).value.trim()] = now();
			},
			{ capture: true }
		);
	});
}

function composer(page: Page) {
	return page.getByRole('textbox', { name: /^Message to / });
}

/** Waits until `page` has painted the bubble `text` (and, with `sent`, shown it sent). */
async function seenIn(page: Page, text: string, sent = false): Promise<Seen> {
	const handle = await page.waitForFunction(
		({ text, sent }) => {
			const seen = (window as unknown as { __bench: { seen: Record<string, Seen> } }).__bench.seen[
				text
			];
			return seen?.shownAt !== undefined && (!sent || seen.sentAt !== undefined) ? seen : null;
		},
		{ text, sent },
		{ timeout: 20_000, polling: 50 }
	);
	return (await handle.jsonValue()) as Seen;
}

async function pressedIn(page: Page, text: string): Promise<number> {
	return page.evaluate(
		(text) =>
			(window as unknown as { __bench: { pressed: Record<string, number> } }).__bench.pressed[
				text
			]!,
		text
	);
}

/** Sends one message from `from` to `to`; returns the delays measured from the Enter press. */
async function sendOne(from: Page, to: Page, text: string) {
	await composer(from).fill(text);
	// Typing starts the composer's typing signal (one write at most every 3 s), as a person's
	// typing does; let it leave before the timed press.
	await pause(250);
	await composer(from).press('Enter');
	const [received, own] = await Promise.all([seenIn(to, text), seenIn(from, text, true)]);
	const pressedAt = await pressedIn(from, text);
	expect(pressedAt).toBeGreaterThan(0);
	return {
		displayed: received.shownAt! - pressedAt,
		echo: own.shownAt! - pressedAt,
		acknowledged: own.sentAt! - pressedAt
	};
}

/**
 * Arms a watcher in the panel for the operator's row turning to ringing (class `ringing`),
 * and returns a function that resolves to the instant it was painted.
 */
async function armRing(panel: Page, operatorId: string) {
	await panel.evaluate((operatorId) => {
		const now = () => performance.timeOrigin + performance.now();
		const w = window as unknown as { __ring?: { at?: number; stop?: () => void } };
		w.__ring?.stop?.();
		const state: { at?: number; stop?: () => void } = {};
		w.__ring = state;
		const selector = `tr[data-operator="${operatorId}"].ringing`;
		if (document.querySelector(selector)) throw new Error('The row is already ringing.');
		const observer = new MutationObserver(() => {
			if (!document.querySelector(selector)) return;
			observer.disconnect();
			requestAnimationFrame(() => (state.at = now()));
		});
		observer.observe(document.body, {
			subtree: true,
			childList: true,
			attributes: true,
			attributeFilter: ['class']
		});
		state.stop = () => observer.disconnect();
	}, operatorId);
	return async () => {
		const handle = await panel.waitForFunction(
			() => (window as unknown as { __ring: { at?: number } }).__ring.at,
			undefined,
			{ timeout: 20_000, polling: 50 }
		);
		return (await handle.jsonValue()) as number;
	};
}

/** Clicks Chat now on the profile; returns the instant of the click inside the page. */
async function clickChatNow(customer: Page): Promise<number> {
	await customer.evaluate(() => {
		const w = window as unknown as { __clickedAt?: number };
		delete w.__clickedAt;
		addEventListener(
			'click',
			(event) => {
				const link = (event.target as HTMLElement | null)?.closest('a');
				if (link?.textContent?.includes('Chat now'))
					w.__clickedAt = performance.timeOrigin + performance.now();
			},
			{ capture: true, once: true }
		);
	});
	await customer.getByRole('link', { name: 'Chat now' }).click();
	return customer.evaluate(() => (window as unknown as { __clickedAt: number }).__clickedAt);
}

/**
 * How far a page's clock (timeOrigin + now()) is from the wall clock, median of a few reads:
 * the pages' offsets should agree within a millisecond or so, else their differences mislead.
 */
async function clockOffset(page: Page): Promise<number> {
	return page.evaluate(() => {
		const offsets: number[] = [];
		for (let i = 0; i < 21; i++)
			offsets.push(performance.timeOrigin + performance.now() - Date.now());
		return offsets.sort((a, b) => a - b)[10]!;
	});
}

/** The write → listener baseline of this run, when it measured one (for the JSON's reader). */
function baselineOfThisRun() {
	const startedAt = Number(process.env.PARLEY_BENCH_STARTED);
	if (!startedAt) return null;
	const file = fileURLToPath(new URL('./results/baseline.json', import.meta.url));
	if (!existsSync(file)) return null;
	const run = JSON.parse(readFileSync(file, 'utf8')) as {
		measuredAt: string;
		metrics: { id: string | null; p50: number; p95: number }[];
	};
	const m = run.metrics.find((x) => x.id === 'write-listener');
	if (!m || Date.parse(run.measuredAt) < startedAt) return null;
	return { measuredAt: run.measuredAt, p50: m.p50, p95: m.p95 };
}

it('chat: request → ring, message → displayed', async () => {
	const luna = demo.ops.luna!;
	const panel = await demo.signedIn('luna@parley.test', '/panel');
	await waitConnected(panel);
	await setOnline(panel, [luna]);
	const customer = await demo.signedIn('alice@parley.test', `/operators/${luna.id}`);
	const row = panelRow(panel, luna.id);

	// Rings: one warm-up, then RINGS samples; Decline and Cancel in turn.
	const rings: number[] = [];
	let warmUpRing = NaN;
	for (let i = 0; i <= RINGS; i++) {
		await customer.goto(`/operators/${luna.id}`);
		await customer.locator('header [data-status="online"]').waitFor({ timeout: 15_000 });
		const ringShown = await armRing(panel, luna.id);
		const clickedAt = await clickChatNow(customer);
		const delay = (await ringShown()) - clickedAt;
		if (i === 0) warmUpRing = delay;
		else rings.push(delay);
		// The waiting page knows its request once the server has answered.
		await customer.locator('[data-request]').waitFor({ timeout: 15_000 });
		if (i < RINGS) {
			if (i % 2 === 0) {
				await panel.getByRole('button', { name: 'Decline chat request from Alice Moreau' }).click();
				await customer.locator('[data-outcome="declined"]').waitFor({ timeout: 15_000 });
			} else {
				await customer.getByRole('button', { name: 'Cancel', exact: true }).click();
				await customer.locator('[data-outcome="cancelled"]').waitFor({ timeout: 15_000 });
			}
			await row.and(panel.locator('.ringing')).waitFor({ state: 'detached', timeout: 15_000 });
			await pause(300);
		}
	}
	expect(await readDoc(`operators/${luna.id}`)).toMatchObject({ missStreak: 0, status: 'online' });

	// The last request is accepted: the chat opens in a new window beside the customer's.
	const [operatorWindow] = await Promise.all([
		panel.context().waitForEvent('page'),
		panel.getByRole('button', { name: 'Accept chat request from Alice Moreau' }).click()
	]);
	await operatorWindow.waitForURL('**/chat/*');
	await customer.waitForURL('**/chat/*');
	await customer.locator('.person.operator[data-peer="here"]').waitFor({ timeout: 20_000 });
	await operatorWindow.locator('.person.customer[data-peer="here"]').waitFor({ timeout: 20_000 });
	await composer(customer).waitFor();
	await composer(operatorWindow).waitFor();
	await watchChat(customer);
	await watchChat(operatorWindow);

	const toOperator: number[] = [];
	const toCustomer: number[] = [];
	const echo: number[] = [];
	const acknowledged: number[] = [];
	const warmUp: Record<string, number> = {};
	const tag = Math.random().toString(36).slice(2, 7);
	for (let i = 0; i < MESSAGES + 2; i++) {
		const customerSends = i % 2 === 0;
		const [from, to] = customerSends ? [customer, operatorWindow] : [operatorWindow, customer];
		const text = `bench ${tag} ${String(i).padStart(2, '0')} ${customerSends ? 'from the customer' : 'from the operator'}`;
		const d = await sendOne(from, to, text);
		if (i < 2) {
			warmUp[customerSends ? 'customer → operator' : 'operator → customer'] = Math.round(
				d.displayed
			);
		} else {
			(customerSends ? toOperator : toCustomer).push(d.displayed);
			echo.push(d.echo);
			acknowledged.push(d.acknowledged);
		}
		await pause(400 + Math.random() * 300);
	}

	const offsets = await Promise.all([customer, panel, operatorWindow].map(clockOffset));
	const clockSpread = Math.max(...offsets) - Math.min(...offsets);
	const round = (xs: number[]) => xs.map((x) => Math.round(x));
	const metrics: Metric[] = [
		{
			metric: 'request → ring visible',
			workload: "Chat now click (customer) → operator's /panel row ringing",
			unit: 'ms',
			baseline: 'write-listener',
			samples: round(rings)
		},
		{
			metric: 'message send → displayed',
			workload: 'customer → operator window (Enter → rendered)',
			unit: 'ms',
			baseline: 'write-listener',
			samples: round(toOperator)
		},
		{
			metric: 'message send → displayed',
			workload: 'operator window → customer (Enter → rendered)',
			unit: 'ms',
			baseline: 'write-listener',
			samples: round(toCustomer)
		},
		{
			metric: 'message send → own copy shown',
			workload: "sender's window, both sides (latency compensation)",
			unit: 'ms',
			baseline: 'write-listener',
			samples: round(echo)
		},
		{
			metric: 'message send → shown sent',
			workload: "sender's window, both sides (server acknowledged the write)",
			unit: 'ms',
			baseline: 'write-listener',
			samples: round(acknowledged)
		}
	];
	report('chat', metrics, {
		rings: RINGS,
		messages: MESSAGES,
		ringAnswers: 'Decline (operator) and Cancel (customer) in turn; the last request accepted',
		warmUpMs: { ring: Math.round(warmUpRing), ...warmUp },
		clock: 'performance.timeOrigin + performance.now() inside the pages, one browser',
		clockSpreadMs: Math.round(clockSpread * 10) / 10,
		writeListenerBaseline: baselineOfThisRun(),
		displayed: 'first animation frame after the node appeared (MutationObserver)'
	});
}, 600_000);
