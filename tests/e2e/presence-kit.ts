/**
 * Browser steps shared by the presence end-to-end tests and the presence benchmark: open the
 * group's chat window, set operators online, watch an operator's public status as a customer,
 * and a browser that can be killed like a crashed machine.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { listDocs, resetAndSeed } from '../emulator';
import { FLAGS, launch, newPage, signInThroughUi, type LaunchedBrowser } from './browser';

export interface DemoOperator {
	id: string;
	name: string;
	groupId: string | null;
}

/** The seeded operators by first name in lower case (luna, orion, vega, sol). */
export async function demoOperators(): Promise<Record<string, DemoOperator>> {
	const operators = await listDocs('operators');
	return Object.fromEntries(
		operators.map((op) => {
			const name = String(op.displayName);
			return [
				name.split(' ')[0]!.toLowerCase(),
				{ id: op.id, name, groupId: (op.groupId as string | null) ?? null }
			];
		})
	);
}

/** From a group owner's page, opens the chat window through the navigation link. */
export async function openGroupChatWindow(ownerPage: Page): Promise<Page> {
	const [popup] = await Promise.all([
		ownerPage.waitForEvent('popup'),
		ownerPage.getByRole('link', { name: 'Open chat window' }).click()
	]);
	await waitConnected(popup);
	return popup;
}

export async function waitConnected(panel: Page, timeout = 20_000) {
	await panel.locator('[data-link="connected"]').waitFor({ timeout });
}

export function panelRow(panel: Page, operatorId: string) {
	return panel.locator(`tr[data-operator="${operatorId}"]`);
}

/** Clicks the green "Set online" of each operator and waits until the panel shows them online. */
export async function setOnline(panel: Page, operators: DemoOperator[]) {
	for (const op of operators) {
		await panel.getByRole('button', { name: `Set ${op.name} online` }).click();
		await panelRow(panel, op.id).and(panel.locator('[data-status="online"]')).waitFor();
	}
}

/**
 * Clicks Reconnect on a panel that lost its record, waits until it is connected and its listener
 * shows `operator` offline (what happened while it was cut off), then sets the operator online
 * again and waits until `customer`, on the operator's profile, sees it online.
 */
export async function reconnectAndSetOnline(panel: Page, operator: DemoOperator, customer: Page) {
	await panel.getByRole('button', { name: 'Reconnect' }).click();
	await waitConnected(panel);
	await panelRow(panel, operator.id)
		.and(panel.locator('[data-status="offline"]'))
		.waitFor({ timeout: 10_000 });
	await setOnline(panel, [operator]);
	await customer.locator('header [data-status="online"]').waitFor({ timeout: 5000 });
}

/** The status badge a customer sees in the header of an operator's profile page. */
export function profileStatus(page: Page) {
	return page.locator('header .status-badge');
}

/** Opens an operator's public profile and waits for its live status to show `status`. */
export async function watchProfile(page: Page, operatorId: string, status: string) {
	await page.goto(`/operators/${operatorId}`);
	await profileStatus(page)
		.and(page.locator(`[data-status="${status}"]`))
		.waitFor();
}

/** A customer (Alice) with a tab on each operator's profile, each showing `status`. */
export async function customerWatching(
	signedIn: (email: string, path: string) => Promise<Page>,
	operators: DemoOperator[],
	status: string
): Promise<Page[]> {
	const customer = await signedIn('alice@parley.test', '/');
	const pages = [customer];
	for (let i = 1; i < operators.length; i++) pages.push(await customer.context().newPage());
	await Promise.all(operators.map((op, i) => watchProfile(pages[i]!, op.id, status)));
	return pages;
}

/**
 * Starts watching the profile page for `status` and returns a promise of the epoch
 * milliseconds at which the page showed it, taken inside the page by a MutationObserver (so the
 * figure does not include any polling). Arm it before the action being timed.
 */
export function whenProfileShows(page: Page, status: string, timeout: number): Promise<number> {
	const shown = page.evaluate(
		({ wanted, timeout }) =>
			new Promise<number>((resolve, reject) => {
				const read = () =>
					document.querySelector('header .status-badge')?.getAttribute('data-status');
				if (read() === wanted) return resolve(Date.now());
				const observer = new MutationObserver(() => {
					if (read() !== wanted) return;
					observer.disconnect();
					clearTimeout(timer);
					resolve(Date.now());
				});
				observer.observe(document.body, { subtree: true, childList: true, attributes: true });
				const timer = setTimeout(() => {
					observer.disconnect();
					reject(new Error(`The profile did not show "${wanted}" within ${timeout} ms.`));
				}, timeout);
			}),
		{ wanted: status, timeout }
	);
	// A test that fails before awaiting this must not also report an unhandled rejection.
	shown.catch(() => undefined);
	return shown;
}

/**
 * A browser in its own process that can be killed with SIGKILL, like a crash: no pagehide, no
 * beacon, no goodbye. Only the heartbeat sweep can notice it is gone.
 */
export async function killableBrowser(): Promise<{ browser: Browser; kill(): Promise<void> }> {
	const server = await chromium.launchServer({
		executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium',
		args: FLAGS,
		headless: true
	});
	const browser = await chromium.connect(server.wsEndpoint());
	return {
		browser,
		async kill() {
			server.process().kill('SIGKILL');
			await server.close().catch(() => undefined);
		}
	};
}

/**
 * The hooks shared by the presence and chat files: one browser per file, the demo data reset
 * before each test, and every context a test opened closed after it. `signedIn` opens a fresh
 * context (its own person) signed in as `email` at `path`, optionally in another browser.
 */
export function useDemoBrowser() {
	let browser: LaunchedBrowser | undefined;
	let password = '';
	let contexts: BrowserContext[] = [];
	const state = { ops: {} as Record<string, DemoOperator> };

	beforeAll(async () => {
		browser = await launch();
	});
	beforeEach(async () => {
		password = (await resetAndSeed()).password;
		state.ops = await demoOperators();
	});
	afterEach(async () => {
		await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
		contexts = [];
	});
	afterAll(async () => {
		await browser?.close();
	});

	return {
		/** The demo accounts' password in the current test. */
		get password() {
			return password;
		},
		/** The seeded operators of the current test, by first name. */
		get ops() {
			return state.ops;
		},
		/** `prepare` runs on the fresh context before any page loads (e.g. to install a clock). */
		async signedIn(
			email: string,
			path: string,
			on?: Browser,
			prepare?: (context: BrowserContext) => Promise<void>
		): Promise<Page> {
			const { context, page } = await newPage(on ?? browser!.browser);
			contexts.push(context);
			await prepare?.(context);
			await signInThroughUi(page, email, password);
			await page.goto(path);
			return page;
		}
	};
}
