/**
 * Stored script injection: the filter-evasion corpus (xss-corpus.ts) is put wherever one person's
 * text reaches another's screen (operator names, headlines and bios, customer names, chat
 * messages, a paid-offer description, help feedback), then every page that shows it is opened in
 * Chromium with a sentinel: `xss()` and alert/confirm/prompt record any call. Nothing may run,
 * no javascript: address may become a link, and the vectors must be on screen as plain text.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auth, db } from '../../functions/lib/lib/admin.js';
import { startedSession } from '../../functions/lib/shared/chat.js';
import { XSS_VECTORS } from './xss-corpus';
import { takeCspViolations } from './browser';
import { useDemoBrowser } from './presence-kit';

const demo = useDemoBrowser();
const uidOf = async (email: string) => (await auth().getUserByEmail(email)).uid;

/** A Firestore-style auto id (20 letters and digits), as the app's messages use. */
function autoId(): string {
	const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(randomBytes(20), (b) => chars[b % chars.length]).join('');
}

/** Arms the sentinel in every page of the context from now on. */
async function armSentinel(page: Page): Promise<{ dialogs: string[] }> {
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	await page.context().addInitScript(() => {
		const w = window as unknown as { __xssHits: string[]; xss: (n: unknown) => void };
		w.__xssHits = [];
		w.xss = (n) => void w.__xssHits.push(String(n));
	});
	return { dialogs };
}

/** Opens a path, lets every image error and handler fire, and checks that nothing ran. */
async function expectInert(
	page: Page,
	sentinel: { dialogs: string[] },
	path: string,
	shown: string
) {
	await page.goto(path);
	await page.getByText(shown, { exact: false }).first().waitFor({ timeout: 15_000 });
	// Handlers fire on load, error, focus and hover; give them every chance.
	await page.mouse.move(200, 200);
	await page.mouse.move(600, 500);
	await page.waitForTimeout(750);
	const hits = await page.evaluate(() => (window as unknown as { __xssHits: string[] }).__xssHits);
	expect(hits, `${path}: injected code ran`).toEqual([]);
	expect(sentinel.dialogs, `${path}: a dialog opened`).toEqual([]);
	const scriptLinks = await page
		.locator(
			'[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i], [formaction]'
		)
		.count();
	expect(scriptLinks, `${path}: a javascript: address became live markup`).toBe(0);
}

describe('stored script injection', () => {
	it('the corpus is shown as text everywhere and never runs', async () => {
		const luna = demo.ops.luna!;
		const alice = await uidOf('alice@parley.test');
		const v = XSS_VECTORS;
		const bio = v.join('\n').slice(0, 2000);

		// Operator profile fields and a customer name, as the server would store them.
		await db().doc(`operators/${luna.id}`).update({ displayName: v[1], headline: v[2], bio });
		await db().doc(`users/${luna.id}`).update({ displayName: v[1] });
		await db().doc(`users/${alice}`).update({ displayName: v[4] });

		// A chat between them with the whole corpus as messages and one offer described by a vector.
		const session = db().collection('sessions').doc();
		const now = Date.now();
		await session.set({
			...startedSession({
				requestId: session.id,
				customer: { uid: alice, name: v[4]! },
				operator: { id: luna.id, name: v[1]! },
				groupId: null,
				startedAt: new Date(now - 60_000),
				heartbeatSeconds: 10,
				windowTimeoutSeconds: 30
			}),
			lockPending: true
		});
		const batch = db().batch();
		v.forEach((text, i) =>
			batch.set(session.collection('messages').doc(autoId()), {
				authorUid: i % 2 ? alice : luna.id,
				authorRole: i % 2 ? 'customer' : 'operator',
				text,
				createdAt: new Date(now - 50_000 + i * 100)
			})
		);
		batch.set(session.collection('locks').doc(), {
			price: 1250,
			description: v[0],
			currency: 'EUR',
			commissionBps: 2000,
			operatorShare: 1000,
			platformShare: 250,
			status: 'pending',
			createdBy: luna.id,
			createdAt: new Date(now - 1000),
			answeredAt: null,
			transferId: null,
			reservedUntil: null,
			refundedTransferId: null
		});
		v.forEach((comment, i) =>
			batch.set(db().collection('helpFeedback').doc(), {
				article: 'paying-in-chat',
				helpful: false,
				comment,
				uid: null,
				createdAt: new Date(now - i * 1000)
			})
		);
		await batch.commit();

		// The customer: directory, profile, the chat, history.
		const customer = await demo.signedIn('alice@parley.test', '/');
		const c = await armSentinel(customer);
		await expectInert(customer, c, '/', v[1]!);
		await expectInert(customer, c, `/operators/${luna.id}`, v[2]!);
		await expectInert(customer, c, `/chat/${session.id}`, v[40]!);
		// Every message is on screen as the very text that was sent.
		for (const text of [v[0], v[13], v[26], v[44]]) {
			expect(await customer.getByText(text!, { exact: true }).count()).toBeGreaterThan(0);
		}
		await expectInert(customer, c, '/history', v[1]!);

		// The operator's own chat window and the group owner's console.
		const operator = await demo.signedIn('luna@parley.test', '/panel');
		const o = await armSentinel(operator);
		await expectInert(operator, o, `/chat/${session.id}`, v[4]!);
		const owner = await demo.signedIn('owner@parley.test', '/group');
		const g = await armSentinel(owner);
		await expectInert(owner, g, '/group', v[1]!);

		// The admin reading help feedback.
		const admin = await demo.signedIn('admin@parley.test', '/');
		const a = await armSentinel(admin);
		await expectInert(admin, a, '/admin#feedback', v[10]!);

		// Markup injected as HTML on purpose: the Content-Security-Policy refuses its inline
		// handler (a second wall behind the escaping), and says so.
		const hits = () =>
			admin.evaluate(() => (window as unknown as { __xssHits: string[] }).__xssHits);
		await admin.evaluate(() =>
			document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="xss(\'probe\')">')
		);
		// Chromium reports it twice: its console message and the securitypolicyviolation event.
		const refused: string[] = [];
		await expect
			.poll(() => {
				refused.push(...takeCspViolations());
				return refused.filter((v) => /script-src-attr|inline event handler/.test(v)).length;
			})
			.toBe(2);
		expect(await hits()).toEqual([]);
		// The sentinel itself is live: a call that does run reaches it.
		await admin.evaluate(() => (window as unknown as { xss: (n: string) => void }).xss('probe'));
		expect(await hits()).toEqual(['probe']);
	}, 180_000);
});
