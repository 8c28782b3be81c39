import { onCall, HttpsError } from 'firebase-functions/https';
import { auth, db } from '../lib/admin.js';
import { parsePayload, requireAdmin, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { roleOf } from '../shared/roles.js';
import { createGroup, uidForEmail } from './accounts.js';
import { createGroupSchema } from './schemas.js';

/** Admin creates a group and makes the account with `ownerEmail` its owner. */
export const adminCreateGroup = onCall<Req<'adminCreateGroup'>, Promise<Res<'adminCreateGroup'>>>(
	async (request) => {
		const caller = requireAuth(request);
		const input = parsePayload(createGroupSchema, request.data);
		await requireAdmin(auth(), caller);
		const ownerUid = await uidForEmail(auth(), input.ownerEmail);
		const owner = await auth().getUser(ownerUid);
		const currentRole = roleOf(owner.customClaims);
		if (currentRole !== 'customer') {
			throw new HttpsError(
				'failed-precondition',
				`${input.ownerEmail} is already ${currentRole === 'admin' ? 'an admin' : `a${currentRole === 'operator' ? 'n operator' : ' group owner'}`}; a group owner must be a separate account.`
			);
		}
		const groupId = await createGroup(db(), auth(), { name: input.name, ownerUid });
		return { groupId };
	}
);
