/**
 * Callable function names with their request and response types. The app calls them only
 * through the typed wrapper in `src/lib/firebase/callables.ts`.
 */
import type { SettableStatus } from './presence.js';
import type { Role } from './roles.js';

export interface AdminContract {
	adminSetRole: {
		req: { email: string; role: Role; groupId?: string | null };
		res: { uid: string; role: Role; groupId: string | null };
	};
	adminCreateGroup: {
		req: { name: string; ownerEmail: string };
		res: { groupId: string };
	};
	adminListUsers: {
		req: { pageToken?: string | null };
		res: {
			users: {
				uid: string;
				email: string;
				displayName: string;
				role: Role;
				groupId: string | null;
			}[];
			nextPageToken: string | null;
		};
	};
	adminListGroups: {
		req: Record<string, never>;
		res: {
			groups: {
				id: string;
				name: string;
				ownerUid: string;
				ownerEmail: string;
				operatorCount: number;
			}[];
		};
	};
}

export interface PresenceContract {
	presenceOpenPanel: {
		req: Record<string, never>;
		/** heartbeatSeconds: how often the page must refresh the panel's heartbeat. */
		res: { panelId: string; closeKey: string; operatorIds: string[]; heartbeatSeconds: number };
	};
	presenceSetStatus: {
		req: { panelId: string; operatorIds: string[]; status: SettableStatus };
		res: { changed: string[] };
	};
	presenceClosePanel: {
		req: { panelId: string };
		res: { wentOffline: string[] };
	};
}

export interface CallableContract extends AdminContract, PresenceContract {}

export type CallableName = keyof CallableContract;
export type CallableRequest<N extends CallableName> = CallableContract[N]['req'];
export type CallableResponse<N extends CallableName> = CallableContract[N]['res'];

/** Region every function runs in; the app connects to the same one. */
export const FUNCTIONS_REGION = 'us-central1';

/** HTTP endpoints (not callables): the pagehide beacon cannot use the callable protocol. */
export const HTTP_ENDPOINTS = {
	presenceBeacon: 'presenceBeacon',
	presenceSweepLocal: 'presenceSweepLocal'
} as const;
