import { onCall } from 'firebase-functions/https';
import { auth, db } from '../lib/admin.js';
import { parsePayload, requireAdmin, requireAuth } from '../lib/guard.js';
import type { CallableRequest as Req, CallableResponse as Res } from '../shared/callables.js';
import { QUERIES } from '../shared/queries.js';
import { shapedQuery } from '../lib/shaped-query.js';
import { CONVERTERS, typedQuery } from '../lib/refs.js';
import { emptySchema } from './schemas.js';

/** Admin lists groups with their owner and how many operators are listed under each. */
export const adminListGroups = onCall<Req<'adminListGroups'>, Promise<Res<'adminListGroups'>>>(
	async (request) => {
		const caller = requireAuth(request);
		parsePayload(emptySchema, request.data ?? {});
		await requireAdmin(auth(), caller);
		const groups = await typedQuery(shapedQuery(db(), QUERIES.groupsByName, {}), CONVERTERS.group)
			.limit(500)
			.get();
		const result = await Promise.all(
			groups.docs.map(async (g) => {
				const { ownerUid, name } = g.data();
				const [owner, count] = await Promise.all([
					auth()
						.getUser(ownerUid)
						.catch(() => null),
					shapedQuery(db(), QUERIES.groupOperators, { eq: { groupId: g.id, listed: true } })
						.count()
						.get()
				]);
				return {
					id: g.id,
					name,
					ownerUid,
					ownerEmail: owner?.email ?? '',
					operatorCount: count.data().count
				};
			})
		);
		return { groups: result };
	}
);
