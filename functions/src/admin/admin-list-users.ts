import { onCall } from 'firebase-functions/https';
import { auth } from '../lib/admin.js';
import { parsePayload, requireAdmin, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { roleOf } from '../shared/roles.js';
import { listUsersSchema } from './schemas.js';

const PAGE = 100;

/** Admin lists accounts, a page at a time, with their roles as the rules see them. */
export const adminListUsers = onCall<Req<'adminListUsers'>, Promise<Res<'adminListUsers'>>>(
	async (request) => {
		const caller = requireAuth(request);
		const input = parsePayload(listUsersSchema, request.data ?? {});
		await requireAdmin(auth(), caller);
		const page = await auth().listUsers(PAGE, input.pageToken ?? undefined);
		return {
			users: page.users.map((u) => ({
				uid: u.uid,
				email: u.email ?? '',
				displayName: u.displayName ?? '',
				role: roleOf(u.customClaims),
				groupId: typeof u.customClaims?.groupId === 'string' ? u.customClaims.groupId : null
			})),
			nextPageToken: page.pageToken ?? null
		};
	}
);
