import { onCall, HttpsError } from 'firebase-functions/https';
import { auth, db } from '../lib/admin.js';
import { parsePayload, requireAdmin, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { applyRole, uidForEmail } from './accounts.js';
import { setRoleSchema } from './schemas.js';

/** Admin grants a role (customer, operator, admin) to the account with an email address. */
export const adminSetRole = onCall<Req<'adminSetRole'>, Promise<Res<'adminSetRole'>>>(
	async (request) => {
		const caller = requireAuth(request);
		const input = parsePayload(setRoleSchema, request.data);
		await requireAdmin(auth(), caller);
		if (input.role === 'groupOwner') {
			throw new HttpsError(
				'failed-precondition',
				'To make someone a group owner, create a group for them.'
			);
		}
		const groupId = input.role === 'operator' ? (input.groupId ?? null) : null;
		const uid = await uidForEmail(auth(), input.email);
		if (uid === caller.uid && input.role !== 'admin') {
			throw new HttpsError('failed-precondition', 'You cannot remove your own admin role.');
		}
		await applyRole(db(), auth(), { uid, role: input.role, groupId });
		return { uid, role: input.role, groupId };
	}
);
