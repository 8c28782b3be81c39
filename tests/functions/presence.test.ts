/**
 * Presence against the emulators: panels, status changes, the close beacon, the sweep for lost
 * panels, and the miss policy. Operators and the group come from the demo seed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
	FUNCTIONS_ORIGIN,
	PROJECT_ID,
	callFunction,
	readDoc,
	resetAndSeed,
	signIn,
	createAccount
} from '../emulator';
// The built functions modules, so the Admin SDK resolves from functions/node_modules.
import { db } from '../../functions/lib/lib/admin.js';
import { recordMiss } from '../../functions/lib/presence/miss-policy.js';

const PASSWORD = 'parley-demo';
interface Panel {
	panelId: string;
	closeKey: string;
	operatorIds: string[];
	heartbeatSeconds: number;
}

let ownerToken: string;
let lunaToken: string;
let ids: Record<'luna' | 'orion' | 'vega' | 'sol', string>;

async function uidOf(email: string) {
	const snap = await db().collection('users').where('email', '==', email).limit(1).get();
	return snap.docs[0]!.id;
}

async function open(token: string): Promise<Panel> {
	const r = await callFunction<Panel>('presenceOpenPanel', {}, token);
	expect(r.error).toBeUndefined();
	return r.result!;
}

async function setStatus(token: string, panelId: string, operatorIds: string[], status: string) {
	return callFunction<{ changed: string[] }>(
		'presenceSetStatus',
		{ panelId, operatorIds, status },
		token
	);
}

async function statusOf(uid: string) {
	const op = await readDoc(`operators/${uid}`);
	return { status: op!.status, panel: op!.statusPanelId };
}

async function beacon(body: unknown) {
	return fetch(`${FUNCTIONS_ORIGIN}/${PROJECT_ID}/us-central1/presenceBeacon`, {
		method: 'POST',
		headers: { 'content-type': 'text/plain' },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}

beforeEach(async () => {
	await resetAndSeed();
	ownerToken = await signIn('owner@parley.test', PASSWORD);
	lunaToken = await signIn('luna@parley.test', PASSWORD);
	ids = {
		luna: await uidOf('luna@parley.test'),
		orion: await uidOf('orion@parley.test'),
		vega: await uidOf('vega@parley.test'),
		sol: await uidOf('sol@parley.test')
	};
});

describe('control panels', () => {
	it("opens a group owner's panel over the group's operators, all offline", async () => {
		const panel = await open(ownerToken);
		expect(new Set(panel.operatorIds)).toEqual(new Set([ids.luna, ids.orion, ids.vega]));
		// The page beats at the period the server's sweep is built around.
		expect(panel.heartbeatSeconds).toBe(Number(process.env.PRESENCE_HEARTBEAT_SECONDS ?? 10));
		for (const id of panel.operatorIds) expect((await statusOf(id)).status).toBe('offline');
	});

	it('sets operators online and records the owning panel; a new panel changes nothing', async () => {
		const panel = await open(ownerToken);
		const r = await setStatus(ownerToken, panel.panelId, [ids.luna, ids.orion], 'online');
		expect(r.result?.changed.sort()).toEqual([ids.luna, ids.orion].sort());
		expect(await statusOf(ids.luna)).toEqual({ status: 'online', panel: panel.panelId });
		const directory = await readDoc(`operators/${ids.luna}`);
		expect(directory!.statusRank).toBe(0);
		// Opening another panel (the operator's own, a second tab) must not flip anything.
		await open(lunaToken);
		await open(ownerToken);
		expect(await statusOf(ids.luna)).toEqual({ status: 'online', panel: panel.panelId });
		expect((await statusOf(ids.vega)).status).toBe('offline');
	});

	it('an operator in a chat stays busy; the choice is kept for afterwards, and a close releases it', async () => {
		const panel = await open(ownerToken);
		await setStatus(ownerToken, panel.panelId, [ids.luna], 'online');
		// A chat session started (sessions arrive with chat requests): one open chat shows busy.
		await db()
			.doc(`operators/${ids.luna}`)
			.update({ activeSessions: 1, status: 'busy', statusRank: 1 });
		const r = await setStatus(ownerToken, panel.panelId, [ids.luna], 'away');
		expect(r.result?.changed).toEqual([]);
		expect(await readDoc(`operators/${ids.luna}`)).toMatchObject({
			status: 'busy',
			chosenStatus: 'away',
			statusPanelId: panel.panelId
		});
		const closed = await callFunction<{ wentOffline: string[] }>(
			'presenceClosePanel',
			{ panelId: panel.panelId },
			ownerToken
		);
		expect(closed.result?.wentOffline).toEqual([]);
		expect(await readDoc(`operators/${ids.luna}`)).toMatchObject({
			status: 'busy',
			chosenStatus: 'offline',
			statusPanelId: null
		});
	});

	it('writes nothing when the status does not change', async () => {
		const panel = await open(ownerToken);
		await setStatus(ownerToken, panel.panelId, [ids.luna], 'online');
		const before = await readDoc(`operators/${ids.luna}`);
		const again = await setStatus(ownerToken, panel.panelId, [ids.luna], 'online');
		expect(again.result?.changed).toEqual([]);
		const after = await readDoc(`operators/${ids.luna}`);
		expect(after!.statusChangedAt).toEqual(before!.statusChangedAt);
	});

	it('refuses operators the caller does not manage, and changes nothing', async () => {
		const panel = await open(ownerToken);
		const r = await setStatus(ownerToken, panel.panelId, [ids.luna, ids.sol], 'online');
		expect(r.error?.status).toBe('PERMISSION_DENIED');
		expect((await statusOf(ids.luna)).status).toBe('offline');
		expect((await statusOf(ids.sol)).status).toBe('offline');
	});

	it("refuses customers and another person's panel", async () => {
		const customer = await createAccount('carol@example.test');
		expect((await callFunction('presenceOpenPanel', {}, customer.idToken)).error?.status).toBe(
			'PERMISSION_DENIED'
		);
		const panel = await open(ownerToken);
		const r = await setStatus(lunaToken, panel.panelId, [ids.luna], 'online');
		expect(r.error?.status).toBe('NOT_FOUND');
		expect((await statusOf(ids.luna)).status).toBe('offline');
		const anon = await callFunction('presenceSetStatus', {
			panelId: panel.panelId,
			operatorIds: [ids.luna],
			status: 'online'
		});
		expect(anon.error?.status).toBe('UNAUTHENTICATED');
	});

	it('refuses bad payloads with a sentence', async () => {
		const panel = await open(ownerToken);
		for (const bad of [
			{ panelId: panel.panelId, operatorIds: [ids.luna], status: 'busy' },
			{ panelId: panel.panelId, operatorIds: [], status: 'online' },
			{ panelId: '../x', operatorIds: [ids.luna], status: 'online' },
			{ panelId: panel.panelId, operatorIds: [ids.luna], status: 'online', extra: 1 }
		]) {
			const r = await callFunction('presenceSetStatus', bad, ownerToken);
			expect(r.error?.status).toBe('INVALID_ARGUMENT');
			expect(r.error?.message.length).toBeGreaterThan(5);
		}
		expect((await statusOf(ids.luna)).status).toBe('offline');
	});
});

describe('closing a panel', () => {
	it('the beacon takes offline exactly the operators that panel set online', async () => {
		const a = await open(ownerToken);
		const b = await open(lunaToken);
		await setStatus(ownerToken, a.panelId, [ids.orion, ids.vega], 'online');
		await setStatus(lunaToken, b.panelId, [ids.luna], 'away');

		expect((await beacon({ panelId: a.panelId, closeKey: 'x'.repeat(32) })).status).toBe(204);
		expect((await statusOf(ids.orion)).status).toBe('online');

		expect((await beacon({ panelId: a.panelId, closeKey: a.closeKey })).status).toBe(204);
		expect((await statusOf(ids.orion)).status).toBe('offline');
		expect((await statusOf(ids.vega)).status).toBe('offline');
		expect(await statusOf(ids.luna)).toEqual({ status: 'away', panel: b.panelId });
		expect((await readDoc(`panels/${a.panelId}`))!.closedReason).toBe('closed');

		// A closed panel can no longer set anyone online.
		const late = await setStatus(ownerToken, a.panelId, [ids.orion], 'online');
		expect(late.error?.status).toBe('FAILED_PRECONDITION');
	});

	it('a panel that took over an operator owns it; the first panel closing leaves it online', async () => {
		const a = await open(ownerToken);
		const b = await open(lunaToken);
		await setStatus(ownerToken, a.panelId, [ids.luna], 'online');
		await setStatus(lunaToken, b.panelId, [ids.luna], 'online');
		await beacon({ panelId: a.panelId, closeKey: a.closeKey });
		expect(await statusOf(ids.luna)).toEqual({ status: 'online', panel: b.panelId });
	});

	it('takes offline an operator that joined the group after the panel opened', async () => {
		const a = await open(ownerToken);
		expect(a.operatorIds).not.toContain(ids.sol);
		// sol joins the group (the Admin SDK stands in for the admin's role change).
		const groupId = (await readDoc(`operators/${ids.orion}`))!.groupId;
		await db().doc(`operators/${ids.sol}`).update({ groupId });
		expect((await setStatus(ownerToken, a.panelId, [ids.sol], 'online')).error).toBeUndefined();
		expect((await readDoc(`panels/${a.panelId}`))!.operatorIds).toContain(ids.sol);
		expect((await beacon({ panelId: a.panelId, closeKey: a.closeKey })).status).toBe(204);
		expect(await statusOf(ids.sol)).toEqual({ status: 'offline', panel: null });
	});

	it('malformed beacons are refused without effect', async () => {
		const a = await open(ownerToken);
		await setStatus(ownerToken, a.panelId, [ids.luna], 'online');
		expect((await beacon('not json')).status).toBe(400);
		expect((await beacon({ panelId: a.panelId })).status).toBe(400);
		expect((await statusOf(ids.luna)).status).toBe('online');
	});

	it('the sweep closes panels whose heartbeat stopped, and only those', async () => {
		const lost = await open(ownerToken);
		const alive = await open(lunaToken);
		await setStatus(ownerToken, lost.panelId, [ids.orion], 'online');
		await setStatus(lunaToken, alive.panelId, [ids.luna], 'online');
		await db()
			.doc(`panels/${lost.panelId}`)
			.update({ heartbeatAt: new Date(Date.now() - 5 * 60_000) });
		const r = await fetch(`${FUNCTIONS_ORIGIN}/${PROJECT_ID}/us-central1/presenceSweepLocal`, {
			method: 'POST'
		});
		expect(r.ok).toBe(true);
		expect((await statusOf(ids.orion)).status).toBe('offline');
		expect((await readDoc(`panels/${lost.panelId}`))!.closedReason).toBe('timeout');
		expect(await statusOf(ids.luna)).toEqual({ status: 'online', panel: alive.panelId });
	});
});

describe('miss policy', () => {
	it('sets an operator offline after 3 missed requests in a row and tells the group owner', async () => {
		const panel = await open(ownerToken);
		await setStatus(ownerToken, panel.panelId, [ids.luna], 'online');
		expect((await recordMiss(db(), ids.luna)).setOffline).toBe(false);
		expect((await recordMiss(db(), ids.luna)).setOffline).toBe(false);
		expect((await statusOf(ids.luna)).status).toBe('online');
		const third = await recordMiss(db(), ids.luna);
		expect(third.setOffline).toBe(true);
		expect((await statusOf(ids.luna)).status).toBe('offline');
		const ownerUid = await uidOf('owner@parley.test');
		const notes = await db().collection('notifications').where('toUid', '==', ownerUid).get();
		expect(notes.size).toBe(1);
		expect(notes.docs[0]!.get('text')).toContain('Luna Vale');
	});

	it('setting a status by hand resets the streak', async () => {
		const panel = await open(ownerToken);
		await setStatus(ownerToken, panel.panelId, [ids.luna], 'online');
		await recordMiss(db(), ids.luna);
		await recordMiss(db(), ids.luna);
		await setStatus(ownerToken, panel.panelId, [ids.luna], 'away');
		await setStatus(ownerToken, panel.panelId, [ids.luna], 'online');
		expect((await recordMiss(db(), ids.luna)).setOffline).toBe(false);
		expect((await readDoc(`operators/${ids.luna}`))!.missStreak).toBe(1);
	});
});
