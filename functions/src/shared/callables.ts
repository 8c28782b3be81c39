/**
 * Callable function names with their request and response types. The app calls them only
 * through the typed wrapper in `src/lib/firebase/callables.ts`.
 */
import type { Role } from './roles.js';

export interface CallableContract {
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
			users: { uid: string; email: string; displayName: string; role: Role; groupId: string | null }[];
			nextPageToken: string | null;
		};
	};
	adminListGroups: {
		req: Record<string, never>;
		res: { groups: { id: string; name: string; ownerUid: string; ownerEmail: string; operatorCount: number }[] };
	};
}

export type CallableName = keyof CallableContract;
export type CallableRequest<N extends CallableName> = CallableContract[N]['req'];
export type CallableResponse<N extends CallableName> = CallableContract[N]['res'];

/** Region every function runs in; the app connects to the same one. */
export const FUNCTIONS_REGION = 'us-central1';
