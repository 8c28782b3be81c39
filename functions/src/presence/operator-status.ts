/**
 * The one way an operator's status fields change. Callers (panels, the sweep, the miss policy,
 * chat sessions) describe what changed (the panel's choice, the owning panel, the number of open
 * chats) and this module derives the public status and the smallest update: operator documents
 * are written only on real transitions, and a document nobody changed is not written at all.
 */
import { FieldValue } from 'firebase-admin/firestore';
import { publicStatus, type SettableStatus } from '../shared/presence.js';
import { STATUS_RANK, type OperatorStatus } from '../shared/types.js';

export interface StatusState {
	status: OperatorStatus;
	chosenStatus: SettableStatus;
	statusPanelId: string | null;
	activeSessions: number;
}

/** Reads the status fields of an operator document (older documents lack chosenStatus). */
export function statusState(data: Record<string, unknown> | undefined): StatusState {
	const status = (data?.status as OperatorStatus | undefined) ?? 'offline';
	const chosen = data?.chosenStatus as SettableStatus | undefined;
	return {
		status,
		chosenStatus:
			chosen ?? (status === 'away' ? 'away' : status === 'offline' ? 'offline' : 'online'),
		statusPanelId: (data?.statusPanelId as string | null | undefined) ?? null,
		activeSessions: (data?.activeSessions as number | undefined) ?? 0
	};
}

export interface StatusChange {
	next: StatusState;
	/** Fields to write, without timestamps; empty when nothing changes. */
	fields: Partial<StatusState & { statusRank: number }>;
}

/** Pure: the state after `patch`, and which fields differ from `current`. */
export function planStatus(
	current: StatusState,
	patch: Partial<Omit<StatusState, 'status'>>
): StatusChange {
	const merged = { ...current, ...patch };
	const next: StatusState = { ...merged, status: publicStatus(merged) };
	const fields: StatusChange['fields'] = {};
	if (next.chosenStatus !== current.chosenStatus) fields.chosenStatus = next.chosenStatus;
	if (next.statusPanelId !== current.statusPanelId) fields.statusPanelId = next.statusPanelId;
	if (next.activeSessions !== current.activeSessions) fields.activeSessions = next.activeSessions;
	if (next.status !== current.status) {
		fields.status = next.status;
		fields.statusRank = STATUS_RANK[next.status];
	}
	return { next, fields };
}

/** The fields of an operator document a status change writes. */
export type StatusUpdate = StatusChange['fields'] & { statusChangedAt?: FieldValue };

/** The Firestore update for a plan, or null when the document must not be written. */
export function statusUpdate(change: StatusChange): StatusUpdate | null {
	if (Object.keys(change.fields).length === 0) return null;
	const update: StatusUpdate = { ...change.fields };
	if (change.fields.status !== undefined) update.statusChangedAt = FieldValue.serverTimestamp();
	return update;
}

/** A panel's choice: online/away makes the panel the owner; offline releases the operator. */
export function choose(status: SettableStatus, panelId: string) {
	return { chosenStatus: status, statusPanelId: status === 'offline' ? null : panelId };
}

/** Nobody manages the operator any more (panel closed or lost, miss policy). */
export const RELEASED = { chosenStatus: 'offline', statusPanelId: null } as const;

/**
 * A chat session starting or ending. With the default limit of one chat, the operator shows busy
 * while it lasts, then returns to what its panel chose (or offline if that panel has closed).
 */
export function sessionDelta(current: StatusState, delta: 1 | -1) {
	return { activeSessions: Math.max(0, current.activeSessions + delta) };
}
