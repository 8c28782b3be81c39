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
	// A uid is required too: the Functions emulator decodes tokens without verifying them, and a
	// malformed one arrives as an `auth` with no uid, which must not become a (customer) caller.
	if (!request.auth || !token || typeof request.auth.uid !== 'string' || !request.auth.uid) {
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

/** Said to someone whose ID token still names a role that Auth no longer gives them. */
export const ROLE_CHANGED = 'Your role has changed since you signed in. Sign in again to continue.';

/** The part of firebase-admin's Auth that requireAdmin reads. */
export interface ClaimsSource {
	getUser(uid: string): Promise<{ customClaims?: Record<string, unknown> | null }>;
}

/**
 * The caller is an admin now, not only when their ID token was minted. A token lives up to an
 * hour and carries the claims it was minted with; revoking the refresh token (applyRole does)
 * stops new tokens, not the one in hand. So the token's claim is checked first (a customer is
 * refused without an Auth read), then the claims Auth holds at this moment.
 */
export async function requireAdmin(auth: ClaimsSource, caller: Caller): Promise<void> {
	requireRole(caller, 'admin');
	const user = await auth.getUser(caller.uid);
	if (roleOf(user.customClaims ?? undefined) !== 'admin') {
		throw new HttpsError('permission-denied', ROLE_CHANGED);
	}
}

const KINDS: Record<string, string> = {
	string: 'text',
	number: 'a number',
	int: 'a whole number',
	boolean: 'true or false',
	array: 'a list'
};

/**
 * Sentences for the problems a schema leaves to zod's defaults: "Invalid input: expected string,
 * received number" or "Unrecognized key" reached users as they were, and clients show these
 * messages as they are. A message written in a schema still wins over these.
 */
const humanIssue: z.core.$ZodErrorMap = (issue) => {
	switch (issue.code) {
		case 'invalid_type':
			if (issue.expected === 'object') return 'Send the request as an object of named fields.';
			if (issue.input === undefined) return 'This field is required.';
			return `This must be ${KINDS[issue.expected] ?? 'of another kind'}.`;
		case 'unrecognized_keys': {
			const keys = issue.keys.slice(0, 3).map((k) => `"${k.slice(0, 40)}"`);
			return `Remove the unexpected field${issue.keys.length > 1 ? 's' : ''} ${keys.join(', ')}.`;
		}
		case 'too_big':
			return issue.origin === 'string' ? `Use at most ${issue.maximum} characters.` : undefined;
		case 'too_small':
			return issue.origin === 'string' ? `Use at least ${issue.minimum} characters.` : undefined;
		default:
			return undefined;
	}
};

/** Parses a payload against a schema; the first problem becomes the error message. */
export function parsePayload<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
	const result = schema.safeParse(data, { error: humanIssue });
	if (!result.success) {
		const issue = result.error.issues[0];
		const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
		throw new HttpsError('invalid-argument', `${where}${issue?.message ?? 'Invalid request.'}`);
	}
	return result.data;
}
