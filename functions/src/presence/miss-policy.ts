/**
 * Miss policy: an operator who lets DEFAULTS.missLimit requests in a row ring out is set
 * offline automatically, and told so, as is the owner of its group. Answering a request (or
 * setting a status by hand) resets the streak. A request that rings out while the operator is
 * in as many chats as it may take is not a miss.
 */
import { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { DEFAULTS } from '../shared/config.js';
import { groupRef, newNotificationRef, operatorRef as operatorDocRef } from '../lib/refs.js';
import { RELEASED, planStatus, statusState, statusUpdate } from './operator-status.js';
import { runContended } from '../lib/contended-transaction.js';

export interface MissOutcome {
	missStreak: number;
	setOffline: boolean;
	notified: string[];
}

export async function recordMiss(db: Firestore, operatorId: string): Promise<MissOutcome> {
	return runContended(db, (tx) => recordMissIn(db, tx, operatorId));
}

/**
 * The miss policy inside a caller's transaction (a request expiring records its miss atomically,
 * so a retry or a race with the sweep never counts one expiry twice). It reads first, then
 * writes: call it after the caller's own reads and before the caller's own writes.
 */
export async function recordMissIn(
	db: Firestore,
	tx: Transaction,
	operatorId: string
): Promise<MissOutcome> {
	const operatorRef = operatorDocRef(db, operatorId);
	const operator = (await tx.get(operatorRef)).data();
	if (!operator) return { missStreak: 0, setOffline: false, notified: [] };
	// An operator in as many chats as it may take could not have answered: not a miss.
	if (statusState(operator).activeSessions >= DEFAULTS.maxConcurrentChats) {
		const missStreak = operator.missStreak ?? 0;
		return { missStreak, setOffline: false, notified: [] };
	}
	const groupId = operator.groupId ?? null;
	const group = groupId ? (await tx.get(groupRef(db, groupId))).data() : undefined;
	const streak = (operator.missStreak ?? 0) + 1;
	if (streak < DEFAULTS.missLimit) {
		tx.update(operatorRef, { missStreak: streak });
		return { missStreak: streak, setOffline: false, notified: [] };
	}
	const update = statusUpdate(planStatus(statusState(operator), RELEASED));
	tx.update(operatorRef, { ...update, missStreak: 0 });
	const name = operator.displayName;
	const recipients = [operatorId];
	const ownerUid = group?.ownerUid ?? null;
	if (ownerUid) recipients.push(ownerUid);
	for (const toUid of recipients) {
		tx.create(newNotificationRef(db), {
			toUid,
			kind: 'missedRequests',
			operatorId,
			text:
				toUid === operatorId
					? `You missed ${streak} chat requests in a row, so we set you offline.`
					: `${name} missed ${streak} chat requests in a row and was set offline.`,
			read: false,
			createdAt: FieldValue.serverTimestamp()
		});
	}
	return { missStreak: streak, setOffline: true, notified: recipients };
}
