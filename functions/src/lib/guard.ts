/**
 * Edge checks for callables, in the order every callable applies them:
 * authentication → payload schema → membership/role. Each failure is a specific HttpsError
 * whose message is a sentence the app can show as it is.
 */
import { HttpsError, type CallableRequest } from 'firebase-functions/https';
import type { z } from 'zod';
import { roleOf, type Role } from '../shared/roles.js';

export interface Caller {
	uid: string;
	role: Role;
	groupId: string | null;
	email: string | null;
}

export function requireAuth(request: CallableRequest<unknown>): Caller {
	const token = request.auth?.token;
	if (!request.auth || !token) {
		throw new HttpsError('unauthenticated', 'Please sign in first.');
	}
	return {
		uid: request.auth.uid,
		role: roleOf(token as Record<string, unknown>),
		groupId: typeof token.groupId === 'string' ? token.groupId : null,
		email: typeof token.email === 'string' ? token.email : null
	};
}

export function requireRole(caller: Caller, ...roles: Role[]): void {
	if (!roles.includes(caller.role)) {
		throw new HttpsError('permission-denied', 'Your account is not allowed to do this.');
	}
}

/** Parses a payload against a schema; the first problem becomes the error message. */
export function parsePayload<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
	const result = schema.safeParse(data);
	if (!result.success) {
		const issue = result.error.issues[0];
		const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
		throw new HttpsError('invalid-argument', `${where}${issue?.message ?? 'Invalid request.'}`);
	}
	return result.data;
}
