/**
 * Presence contract: control panels, their heartbeats, and who may change an operator's status.
 *
 * A panel is one open control-panel window. It owns the online/away state it set: closing it
 * (beacon), or losing it (heartbeat older than DEFAULTS.panelTimeoutSeconds, found by the sweep)
 * takes offline exactly the operators whose `statusPanelId` is that panel, and nobody else's.
 */
import { DEFAULTS } from './config.js';
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

/**
 * The public status follows from three server fields: busy while the operator's open chats
 * reach the limit, otherwise what its managing panel chose, and offline when no panel manages
 * it. Every writer of an operator's status goes through this, so a chat ending returns the
 * operator to online or away as chosen, never to a state nobody asked for.
 */
export function publicStatus(
	operator: { activeSessions: number; chosenStatus: SettableStatus; statusPanelId: string | null },
	maxConcurrentChats: number = DEFAULTS.maxConcurrentChats
): OperatorStatus {
	if (operator.activeSessions >= maxConcurrentChats) return 'busy';
	return operator.statusPanelId === null ? 'offline' : operator.chosenStatus;
}
