/** Admin-editable platform settings (settings/platform). Existing locks keep their frozen values. */
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { settingsRef } from '../lib/refs.js';
import { settingsFrom } from '../shared/settings.js';

export async function updateSettings(
	db: Firestore,
	input: { commissionBps: number; lockMinCents: number; lockMaxCents: number }
) {
	const ref = settingsRef(db);
	return db.runTransaction(async (tx) => {
		const current = settingsFrom((await tx.get(ref)).data());
		const next = { ...input, currency: current.currency };
		tx.set(ref, { ...next, updatedAt: FieldValue.serverTimestamp() });
		return next;
	});
}
