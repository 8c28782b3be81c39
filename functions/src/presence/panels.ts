/**
 * Presence logic, shared by the presence callables, the close beacon and the sweep.
 * Invariants:
 * - An operator document is written only on a real transition (never on a heartbeat).
 * - A panel takes offline only the operators whose `statusPanelId` is that panel: two panels
 *   managing one operator never undo each other's choices.
 * - Every change is a transaction that re-reads the operators, so a race with a chat session
 *   starting (busy) or another panel is settled by Firestore, not by whoever writes last.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';
import { HttpsError } from 'firebase-functions/https';
import { LIMITS } from '../shared/config.js';
import { presenceTiming } from '../config.js';
import { newPanelRef, operatorRef, panelRef as panelDocRef, type ServerDoc } from '../lib/refs.js';
import type { PanelDoc } from '../shared/presence.js';
import { QUERIES } from '../shared/queries.js';
import { shapedQuery } from '../lib/shaped-query.js';
import { canManageOperator, type SettableStatus } from '../shared/presence.js';
import { RELEASED, choose, planStatus, statusState, statusUpdate } from './operator-status.js';
import type { Caller } from '../lib/guard.js';
import { runContended } from '../lib/contended-transaction.js';

export function hashCloseKey(key: string): string {
	return createHash('sha256').update(key).digest('hex');
}

/** The operators a caller manages from a panel: itself, or every listed operator of its group. */
export async function managedOperatorIds(db: Firestore, caller: Caller): Promise<string[]> {
	if (caller.role === 'operator') return [caller.uid];
	if (caller.role === 'groupOwner' && caller.groupId) {
		const snap = await shapedQuery(db, QUERIES.groupOperators, {
			eq: { groupId: caller.groupId, listed: true }
		})
			.limit(LIMITS.pageMax)
			.get();
		return snap.docs.map((d) => d.id);
	}
	throw new HttpsError(
		'permission-denied',
		'Only operators and group owners have a control panel.'
	);
}

export async function openPanel(db: Firestore, caller: Caller) {
	const operatorIds = await managedOperatorIds(db, caller);
	const closeKey = randomBytes(24).toString('base64url');
	const ref = newPanelRef(db);
	await ref.create({
		ownerUid: caller.uid,
		operatorIds,
		closeKeyHash: hashCloseKey(closeKey),
		openedAt: FieldValue.serverTimestamp(),
		heartbeatAt: FieldValue.serverTimestamp(),
		closedAt: null,
		closedReason: null
	});
	return {
		panelId: ref.id,
		closeKey,
		operatorIds,
		heartbeatSeconds: presenceTiming().heartbeatSeconds
	};
}

/**
 * Sets operators' status from an open panel. Going online or away makes this panel the owner
 * of that state; an operator in a chat keeps showing busy, and the choice applies when the chat
 * ends. Returns the operators whose public status actually changed.
 */
export async function setStatus(
	db: Firestore,
	caller: Caller,
	input: { panelId: string; operatorIds: string[]; status: SettableStatus }
): Promise<string[]> {
	const panelRef = panelDocRef(db, input.panelId);
	return runContended(db, async (tx) => {
		// Reads before writes: this transaction may run more than once.
		const panel = (await tx.get(panelRef)).data();
		if (!panel || panel.ownerUid !== caller.uid) {
			throw new HttpsError('not-found', 'This control panel is not open any more. Reload it.');
		}
		if (panel.closedAt !== null) {
			throw new HttpsError('failed-precondition', 'This control panel was closed. Reload it.');
		}
		const refs = [...new Set(input.operatorIds)].map((id) => operatorRef(db, id));
		const snaps = refs.length > 0 ? await tx.getAll(...refs) : [];
		for (const snap of snaps) {
			const data = snap.data();
			if (!data || data.listed !== true) {
				throw new HttpsError('not-found', 'One of these operators no longer exists.');
			}
			const operator = { uid: snap.id, groupId: data.groupId ?? null };
			if (!canManageOperator(caller, operator)) {
				throw new HttpsError('permission-denied', 'You do not manage this operator.');
			}
		}
		// The panel lists every operator it may own (closePanel reads them as documents): one
		// managed since the panel opened (a new operator of the group) is added.
		const listed = new Set(panel.operatorIds ?? []);
		const added = snaps.map((snap) => snap.id).filter((id) => !listed.has(id));
		if (added.length > 0) tx.update(panelRef, { operatorIds: FieldValue.arrayUnion(...added) });
		const changed: string[] = [];
		for (const snap of snaps) {
			const plan = planStatus(statusState(snap.data()), choose(input.status, input.panelId));
			const update = statusUpdate(plan);
			// A deliberate choice also forgives earlier missed requests.
			const streak = snap.data()?.missStreak ?? 0;
			if (update) tx.update(snap.ref, streak === 0 ? update : { ...update, missStreak: 0 });
			else if (streak !== 0) tx.update(snap.ref, { missStreak: 0 });
			if (plan.fields.status !== undefined) changed.push(snap.id);
		}
		return changed;
	});
}

/**
 * Closes a panel: every operator whose online/away state it owns goes offline. Idempotent:
 * a second close (beacon after an explicit close, sweep after a beacon) changes nothing.
 */
export async function closePanel(
	db: Firestore,
	panelId: string,
	reason: 'closed' | 'timeout',
	check?: (panel: ServerDoc<PanelDoc<Timestamp>>) => void
): Promise<string[]> {
	const panelRef = panelDocRef(db, panelId);
	return runContended(db, async (tx) => {
		const panel = (await tx.get(panelRef)).data();
		if (!panel) return [];
		check?.(panel);
		if (panel.closedAt !== null) return [];
		// The operators this panel owns are among those it lists (setStatus keeps the list), read
		// as documents: a query here would lock far more than its results (the emulator locks the
		// whole collection, so closes and status changes deadlock until a lock times out).
		const refs = (panel.operatorIds ?? []).map((id) => operatorRef(db, id));
		const owned = (refs.length > 0 ? await tx.getAll(...refs) : []).filter(
			(op) => op.data()?.statusPanelId === panelId
		);
		const wentOffline: string[] = [];
		for (const op of owned) {
			// An operator in a chat stays busy; nobody wants it online afterwards any more.
			const plan = planStatus(statusState(op.data()), RELEASED);
			const update = statusUpdate(plan);
			if (update) tx.update(op.ref, update);
			if (plan.next.status === 'offline') wentOffline.push(op.id);
		}
		tx.update(panelRef, { closedAt: FieldValue.serverTimestamp(), closedReason: reason });
		return wentOffline;
	});
}

/**
 * Finds open panels whose heartbeat stopped (crash, network loss, killed browser) and closes
 * them. Runs on a schedule in production and on a timer in the local default.
 */
export async function sweepPanels(db: Firestore, now = Date.now()) {
	const cutoff = Timestamp.fromMillis(now - presenceTiming().panelTimeoutSeconds * 1000);
	const stale = await shapedQuery(db, QUERIES.stalePanels, {
		eq: { closedAt: null },
		range: { '<': cutoff }
	})
		.limit(200)
		.get();
	let operators = 0;
	for (const panel of stale.docs) {
		operators += (await closePanel(db, panel.id, 'timeout')).length;
	}
	return { panels: stale.size, operators };
}
