/**
 * Operations benchmark: Firestore document reads and writes per action, counted (not estimated)
 * on both sides, the way Firestore bills them, against the emulators with the product's default
 * timing:
 *   chat message   one message typed and sent in an open chat (typing mark included), until both
 *                  windows show it
 *   chat request   the customer's Chat now → it rings in the operator's panel → Accept → both
 *                  chat windows open and see each other
 *   unlock         the operator locks the chat with a price, the customer agrees and pays, until
 *                  both windows show the receipt and the chat open again
 *   chat end       the operator ends the chat, until the customer's window says so
 *   idle console   one minute of a group owner's open console (/group) and group chat window
 *                  (/group/panel) managing 50 operators, all online, nobody chatting: heartbeats,
 *                  the presence sweep, listeners; everything in the minute counts
 *
 * How counting works (bench/lib/ops-meter.ts):
 *   browser  an init script in every page watches the web SDK's requests to the Firestore
 *            emulator (WebChannel Listen/Write channels, JSON RPCs) without changing them, and
 *            bench/lib/webchannel-meter.ts bills them: a listener costs one read per document
 *            added or changed in a target (one for an empty first result), a write one per
 *            document the server acknowledged
 *   server   the Functions emulator runs with PARLEY_OPS_METER_FILE (set by `npm run bench`),
 *            so each worker patches the Admin SDK's request layer (functions/src/dev/ops-meter.ts)
 *            and appends one line per commit / batch get / query
 * An action's window runs from its first step until no operation of it has come for 2.5 s.
 * Periodic costs that fall inside an action's window (a panel's or chat window's heartbeat, a
 * listener seeing only a heartbeat field change, the presence sweep) are not added to the action;
 * they are listed apart, and the idle minute counts them all. Security-rules get()/exists() reads
 * are not counted (the emulator does not expose them).
 *
 * BENCH_OPS_CHATS (default 4) chats, each with BENCH_OPS_MESSAGES (3) messages and
 * BENCH_OPS_UNLOCKS (2) unlocks; BENCH_OPS_IDLE_SECONDS (60) of idle console.
 */
import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { applyRole } from '../functions/lib/admin/accounts.js';
import { auth, db } from '../functions/lib/lib/admin.js';
import { resetAndSeed } from '../tests/emulator';
import { launch, newPage, signInThroughUi } from '../tests/e2e/browser';
import {
	demoOperators,
	openGroupChatWindow,
	panelRow,
	setOnline,
	waitConnected
} from '../tests/e2e/presence-kit';
import { OpsMeter, type Counts, type MeterWindow } from './lib/ops-meter';
import { percentile, report, type Metric } from './lib/report';

const CHATS = Number(process.env.BENCH_OPS_CHATS ?? 4);
const MESSAGES = Number(process.env.BENCH_OPS_MESSAGES ?? 3);
const UNLOCKS = Number(process.env.BENCH_OPS_UNLOCKS ?? 2);
const IDLE_SECONDS = Number(process.env.BENCH_OPS_IDLE_SECONDS ?? 60);
const GROUP_SIZE = 50;
const GROUP_ID = 'starlight';

/** Adds operators to the demo group until it has GROUP_SIZE (setup: not metered). */
async function fillGroup(existing: number) {
	const todo = Array.from({ length: GROUP_SIZE - existing }, (_, i) => i + 1);
	const make = async (i: number) => {
		const email = `bench-op-${i}@parley.test`;
		const displayName = `Bench Operator ${i}`;
		const user = await auth().createUser({ email, password: 'parley-demo', displayName });
		await db().doc(`users/${user.uid}`).set({
			displayName,
			email,
			role: 'customer',
			groupId: null,
			avatarVersion: 0,
			createdAt: new Date(),
			updatedAt: new Date()
		});
		await applyRole(db(), auth(), { uid: user.uid, role: 'operator', groupId: GROUP_ID });
	};
	for (let at = 0; at < todo.length; at += 6) await Promise.all(todo.slice(at, at + 6).map(make));
}

function composer(page: Page) {
	return page.getByRole('textbox', { name: /^Message to / });
}

it('ops: Firestore reads and writes per action', async () => {
	const meterFile = process.env.PARLEY_OPS_METER_FILE;
	if (!meterFile) {
		throw new Error(
			'PARLEY_OPS_METER_FILE is not set: run this through `npm run bench -- ops`, which starts ' +
				'the Functions emulator with the meter.'
		);
	}
	const { password } = await resetAndSeed();
	const ops = await demoOperators();
	const luna = ops.luna!;
	const groupCount = Object.values(ops).filter((o) => o.groupId === GROUP_ID).length;
	await fillGroup(groupCount);

	const meter = new OpsMeter(meterFile);
	const began = Date.now();
	const browser = await launch();
	const messages: MeterWindow[] = [];
	const requests: MeterWindow[] = [];
	const unlocks: MeterWindow[] = [];
	const ends: MeterWindow[] = [];
	let idle: MeterWindow | undefined;
	let consoleOpen: MeterWindow | undefined;
	let allOnline: MeterWindow | undefined;
	try {
		const signedIn = async (label: string, email: string, path: string) => {
			const { context, page } = await newPage(browser.browser);
			await meter.attach(context, label);
			await signInThroughUi(page, email, password);
			await page.goto(path);
			return { context, page };
		};

		// The operator's own control panel, online; the customer on the operator's profile.
		const operator = await signedIn('operator', 'luna@parley.test', '/panel');
		const panel = operator.page;
		await waitConnected(panel);
		await setOnline(panel, [luna]);
		const customer = await signedIn('customer', 'alice@parley.test', `/operators/${luna.id}`);
		const profile = customer.page;

		let lockNo = 0;
		for (let chat = 0; chat < CHATS; chat++) {
			await profile.goto(`/operators/${luna.id}`);
			await profile.locator('header [data-status="online"]').waitFor({ timeout: 30_000 });
			await meter.settle();

			// Request → ring → accept → both chat windows open.
			let chatWindow!: Page;
			await meter.measure(`request ${chat + 1}`, async () => {
				await profile.getByRole('link', { name: 'Chat now' }).click();
				const accept = panel.getByRole('button', { name: 'Accept chat request from Alice Moreau' });
				await accept.waitFor({ timeout: 20_000 });
				[chatWindow] = await Promise.all([operator.context.waitForEvent('page'), accept.click()]);
				await chatWindow.waitForURL('**/chat/*');
				await profile.waitForURL('**/chat/*');
				await profile.locator('.person.operator[data-peer="here"]').waitFor({ timeout: 20_000 });
				await chatWindow.locator('.person.customer[data-peer="here"]').waitFor({ timeout: 20_000 });
				await composer(profile).waitFor();
				await composer(chatWindow).waitFor();
			});
			requests.push(meter.windows.at(-1)!);

			// Messages, alternately from each side.
			for (let m = 0; m < MESSAGES; m++) {
				const [from, to] = m % 2 === 0 ? [profile, chatWindow] : [chatWindow, profile];
				const text = `Message ${chat + 1}.${m + 1} about the reading`;
				await meter.measure(`message ${chat + 1}.${m + 1}`, async () => {
					await composer(from).fill(text);
					await composer(from).press('Enter');
					await to.locator('.message', { hasText: text }).waitFor({ timeout: 15_000 });
					await from
						.locator('.message[data-state="sent"]', { hasText: text })
						.waitFor({ timeout: 15_000 });
				});
				messages.push(meter.windows.at(-1)!);
			}

			// Unlocks: lock with a price, agree and pay, the chat opens again.
			for (let u = 0; u < UNLOCKS; u++) {
				const description = `Reading number ${++lockNo}`;
				await meter.measure(`unlock ${lockNo}`, async () => {
					await chatWindow.getByRole('button', { name: 'Lock chat' }).click();
					await chatWindow.getByLabel('Price').fill('1.00');
					await chatWindow.getByLabel('What you will do once unlocked').fill(description);
					await chatWindow
						.locator('form.lock-form')
						.getByRole('button', { name: 'Lock chat' })
						.click();
					const card = profile.locator('[data-lock-status="pending"]');
					await card.waitFor({ timeout: 15_000 });
					await card.getByRole('button', { name: 'Agree & pay $1.00' }).click();
					const receipt = `Alice Moreau paid $1.00 for: ${description}`;
					await profile.getByText(receipt).waitFor({ timeout: 15_000 });
					await chatWindow.getByText(receipt).waitFor({ timeout: 15_000 });
					await composer(profile).waitFor();
					await composer(chatWindow).waitFor();
				});
				unlocks.push(meter.windows.at(-1)!);
			}

			// The operator ends the chat.
			await meter.measure(`end ${chat + 1}`, async () => {
				chatWindow.once('dialog', (dialog) => void dialog.accept());
				await chatWindow.getByRole('button', { name: 'End chat' }).click();
				await profile
					.getByText(`${luna.name} has left the chat.`)
					.first()
					.waitFor({ timeout: 15_000 });
			});
			ends.push(meter.windows.at(-1)!);
			await chatWindow.close();
		}
		await customer.context.close();
		await operator.context.close();
		await meter.settle();

		// The group owner's console and group chat window over 50 operators, all online, idle.
		let owner!: { context: BrowserContext; page: Page };
		let groupPanel!: Page;
		await meter.measure('group console open', async () => {
			owner = await signedIn('owner', 'owner@parley.test', '/group');
			await owner.page
				.locator('tr.operator')
				.nth(GROUP_SIZE - 1)
				.waitFor({ timeout: 30_000 });
			groupPanel = await openGroupChatWindow(owner.page);
			await panelRow(groupPanel, luna.id).waitFor({ timeout: 30_000 });
		});
		consoleOpen = meter.windows.at(-1)!;
		await meter.measure('all online', async () => {
			await groupPanel.getByRole('button', { name: 'All online' }).click();
			await groupPanel
				.locator('tr[data-operator] [data-status="online"]')
				.nth(GROUP_SIZE - 1)
				.waitFor({ timeout: 30_000 });
		});
		allOnline = meter.windows.at(-1)!;
		expect(await groupPanel.locator('tr[data-operator]').count()).toBe(GROUP_SIZE);
		await meter.span('idle console minute', IDLE_SECONDS * 1000);
		idle = meter.windows.at(-1)!;
		await owner.context.close();
	} finally {
		await browser.close();
	}
	meter.pollServer();
	// BENCH_OPS_EVENTS=<file> keeps every counted operation and window, to study a figure.
	if (process.env.BENCH_OPS_EVENTS) {
		writeFileSync(
			process.env.BENCH_OPS_EVENTS,
			JSON.stringify({ windows: meter.windows, events: meter.events }) + '\n'
		);
	}

	// Figures.
	const countsOf = (ws: MeterWindow[], all = false) => ws.map((w) => meter.counts(w, all));
	const perMinute = (c: Counts): Counts => {
		const k = 60 / IDLE_SECONDS;
		const scale = (r: Record<string, number>) =>
			Object.fromEntries(Object.entries(r).map(([key, v]) => [key, v * k]));
		return {
			reads: c.reads * k,
			writes: c.writes * k,
			client: { reads: c.client.reads * k, writes: c.client.writes * k },
			server: { reads: c.server.reads * k, writes: c.server.writes * k },
			byPath: scale(c.byPath),
			byWho: scale(c.byWho),
			background: scale(c.background)
		};
	};
	const groups: { key: string; metric: string; workload: string; counts: Counts[] }[] = [
		{
			key: 'message',
			metric: 'Firestore ops per chat message',
			workload:
				'typed and sent in an open chat (typing mark included), customer + operator windows and functions',
			counts: countsOf(messages)
		},
		{
			key: 'request',
			metric: 'Firestore ops per chat request',
			workload:
				"Chat now → rings in the operator's panel → accepted → both chat windows open; customer + operator clients and functions",
			counts: countsOf(requests)
		},
		{
			key: 'unlock',
			metric: 'Firestore ops per unlock',
			workload:
				'operator locks a price, customer agrees and pays, chat resumes; both chat windows and functions',
			counts: countsOf(unlocks)
		},
		{
			key: 'end',
			metric: 'Firestore ops per chat end',
			workload: 'operator ends the chat, the customer window is told; both windows and functions',
			counts: countsOf(ends)
		},
		{
			key: 'idle',
			metric: 'Firestore ops per idle console minute',
			workload: `group owner's /group + /group/panel, ${GROUP_SIZE} operators online, nobody chatting; default timing; everything counted`,
			counts: countsOf([idle!], true).map(perMinute)
		}
	];

	const metrics: Metric[] = [];
	const breakdown: Record<string, unknown> = {};
	for (const g of groups) {
		for (const unit of ['reads', 'writes'] as const) {
			metrics.push({
				metric: g.metric,
				workload: g.workload,
				unit,
				samples: g.counts.map((c) => c[unit])
			});
		}
		const sum = (f: (c: Counts) => number) => g.counts.reduce((n, c) => n + f(c), 0);
		const median = (f: (c: Counts) => number) => percentile(g.counts.map(f), 50);
		const merge = (f: (c: Counts) => Record<string, number>) => {
			const out: Record<string, number> = {};
			for (const c of g.counts) {
				for (const [k, v] of Object.entries(f(c))) out[k] = (out[k] ?? 0) + v;
			}
			const n = g.counts.length;
			return Object.fromEntries(
				Object.entries(out)
					.sort((a, b) => b[1] - a[1])
					.map(([k, v]) => [k, Number((v / n).toFixed(2))])
			);
		};
		breakdown[g.key] = {
			occurrences: g.counts.length,
			median: {
				clientReads: median((c) => c.client.reads),
				clientWrites: median((c) => c.client.writes),
				serverReads: median((c) => c.server.reads),
				serverWrites: median((c) => c.server.writes)
			},
			total: {
				clientReads: sum((c) => c.client.reads),
				clientWrites: sum((c) => c.client.writes),
				serverReads: sum((c) => c.server.reads),
				serverWrites: sum((c) => c.server.writes)
			},
			meanByDocument: merge((c) => c.byPath),
			meanByWho: merge((c) => c.byWho),
			meanPeriodicLeftOut: merge((c) => c.background),
			perOccurrence: g.counts.map((c) => ({
				clientReads: c.client.reads,
				clientWrites: c.client.writes,
				serverReads: c.server.reads,
				serverWrites: c.server.writes
			}))
		};
	}
	const setup = {
		groupConsoleOpen: consoleOpen && meter.counts(consoleOpen, true),
		allOnline: allOnline && meter.counts(allOnline, true)
	};
	report('ops', metrics, {
		breakdown,
		groupConsoleOpen: setup.groupConsoleOpen,
		groupAllOnline: setup.allOnline,
		operationsOutsideWindows: meter.outsideWindows(began, Date.now()),
		clientWritesAcknowledged: meter.clientWritesAcknowledged,
		clientWriteBatchMismatches: meter.clientWriteMismatches,
		settings: {
			chats: CHATS,
			messagesPerChat: MESSAGES,
			unlocksPerChat: UNLOCKS,
			idleSeconds: IDLE_SECONDS,
			groupSize: GROUP_SIZE
		},
		notes:
			'Counted on the emulators, billed as Firestore does: listener reads per document added or ' +
			'changed in each target (1 for an empty first result), get/query reads per document ' +
			'returned (missing documents of a batch get included, 1 for an empty query), one write per ' +
			'document written or deleted. Client: web SDK traffic in Chromium (WebChannel and RPCs); ' +
			'server: Admin SDK requests in the Functions emulator (callables, triggers, presence sweep). ' +
			'Security-rules get()/exists() reads are NOT counted. Action windows leave out periodic ' +
			'costs (heartbeats, listeners seeing only a heartbeat change, the sweep), listed under ' +
			'meanPeriodicLeftOut; the idle minute counts everything. Setup steps (sign-in, navigation, ' +
			'closing windows) fall outside every window.'
	});

	// A meter that counts nothing is broken, not cheap.
	const med = (key: string) => (breakdown[key] as { median: Record<string, number> }).median;
	expect(meter.clientWriteMismatches, 'client write acknowledgements match the batches sent').toBe(
		0
	);
	expect(med('message').clientWrites, 'a message is a client write').toBeGreaterThan(0);
	expect(med('message').clientReads, 'listeners see a message').toBeGreaterThan(0);
	expect(med('request').serverWrites, 'a request is written by a function').toBeGreaterThan(0);
	expect(med('request').serverReads).toBeGreaterThan(0);
	expect(med('unlock').serverWrites, 'an unlock writes through lockAgree').toBeGreaterThan(0);
	expect(med('unlock').clientReads).toBeGreaterThan(0);
	expect(med('idle').clientWrites, 'an idle panel heartbeats').toBeGreaterThan(0);
	expect(med('idle').serverReads, 'the sweep reads').toBeGreaterThan(0);
}, 900_000);
