/**
 * Presence contract: control panels, their heartbeats, and who may change an operator's status.
 *
 * A panel is one open control-panel window. It owns the online/away state it set: closing it
 * (beacon), or losing it (heartbeat older than DEFAULTS.panelTimeoutSeconds, found by the sweep)
 * takes offline exactly the operators whose `statusPanelId` is that panel, and nobody else's.
 */
import type { OperatorStatus } from './types.js';

/** `panels/{panelId}`: created by a callable; the owner only refreshes `heartbeatAt`. */
export interface PanelDoc<T = Date> {
	ownerUid: string;
	/** Operators this panel manages (the operator itself, or a group's operators). */
	operatorIds: string[];
	/** sha256 of the secret the page sends in its close beacon (beacons cannot carry headers). */
	closeKeyHash: string;
	openedAt: T;
	heartbeatAt: T;
	closedAt: T | null;
	closedReason: 'closed' | 'timeout' | null;
}

/** Statuses a panel may set by hand; `busy` comes only from chat sessions. */
export type SettableStatus = Exclude<OperatorStatus, 'busy'>;
export const SETTABLE_STATUSES: readonly SettableStatus[] = ['online', 'away', 'offline'];

/** Who may manage an operator: the operator, the owner of its group, or an admin. */
export function canManageOperator(
	caller: { uid: string; role: string; groupId: string | null },
	operator: { uid: string; groupId: string | null }
): boolean {
	if (caller.role === 'admin') return true;
	if (caller.role === 'operator') return caller.uid === operator.uid;
	if (caller.role === 'groupOwner') {
		return caller.groupId !== null && operator.groupId === caller.groupId;
	}
	return false;
}
