import { HttpsError, type CallableRequest } from 'firebase-functions/https';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
	ROLE_CHANGED,
	parsePayload,
	requireAdmin,
	requireAuth,
	requireRole,
	type Caller
} from './guard.js';

function request(auth: { uid: string; token: Record<string, unknown> } | undefined) {
	return { auth, data: {} } as unknown as CallableRequest<unknown>;
}

function thrown(fn: () => unknown): HttpsError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(HttpsError);
		return error as HttpsError;
	}
	throw new Error('Expected an HttpsError.');
}

/** "field: Sentence." or "Sentence.": a capital letter, an end stop, none of zod's jargon. */
function expectSentence(message: string) {
	expect(message).toMatch(/^([A-Za-z.]+: )?[A-Z].*[.?]$/s);
	expect(message).not.toMatch(/\b(expected|received)\b|Invalid input|Unrecognized|Too (big|small)/);
	expect(message.length).toBeLessThan(300);
}

describe('requireAuth', () => {
	it('refuses a request without a signed-in user', () => {
		const error = thrown(() => requireAuth(request(undefined)));
		expect(error.code).toBe('unauthenticated');
		expectSentence(error.message);
	});

	it('refuses an auth context without a uid', () => {
		for (const uid of [undefined, '', 42]) {
			const req = request({ uid: uid as string, token: { role: 'admin' } });
			expect(thrown(() => requireAuth(req)).code).toBe('unauthenticated');
		}
	});

	it('reads the role, group and email from the token', () => {
		expect(
			requireAuth(
				request({
					uid: 'u1',
					token: { role: 'groupOwner', groupId: 'starlight', email: 'o@parley.test' }
				})
			)
		).toEqual({ uid: 'u1', role: 'groupOwner', groupId: 'starlight', email: 'o@parley.test' });
		expect(requireAuth(request({ uid: 'u2', token: {} }))).toEqual({
			uid: 'u2',
			role: 'customer',
			groupId: null,
			email: null
		});
	});

	it('ignores claims of the wrong type', () => {
		const caller = requireAuth(
			request({ uid: 'u3', token: { role: 'root', groupId: 7, email: 1 } })
		);
		expect(caller).toEqual({ uid: 'u3', role: 'customer', groupId: null, email: null });
	});
});

describe('requireRole', () => {
	const caller = (role: Caller['role']): Caller => ({ uid: 'u', role, groupId: null, email: null });

	it('lets listed roles through and refuses the others', () => {
		expect(() => requireRole(caller('admin'), 'admin')).not.toThrow();
		expect(() => requireRole(caller('operator'), 'operator', 'groupOwner')).not.toThrow();
		for (const role of ['customer', 'operator', 'groupOwner'] as const) {
			const error = thrown(() => requireRole(caller(role), 'admin'));
			expect(error.code).toBe('permission-denied');
			expectSentence(error.message);
		}
	});
});

describe('requireAdmin', () => {
	const caller = (role: Caller['role']): Caller => ({ uid: 'u', role, groupId: null, email: null });
	/** Auth as it stands now: the claims it holds, and how often it was asked. */
	function authWith(customClaims: Record<string, unknown> | undefined) {
		const asked: string[] = [];
		return {
			asked,
			getUser: async (uid: string) => {
				asked.push(uid);
				return { customClaims };
			}
		};
	}

	it('lets through an admin whose claims Auth still holds', async () => {
		const auth = authWith({ role: 'admin' });
		await expect(requireAdmin(auth, caller('admin'))).resolves.toBeUndefined();
		expect(auth.asked).toEqual(['u']);
	});

	it.each([
		['no claims', undefined],
		['an operator', { role: 'operator' }],
		['a customer', {}]
	])('refuses an admin token whose account is now %s', async (_what, claims) => {
		const error = await requireAdmin(authWith(claims), caller('admin')).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HttpsError);
		expect((error as HttpsError).code).toBe('permission-denied');
		expect((error as HttpsError).message).toBe(ROLE_CHANGED);
		expectSentence(ROLE_CHANGED);
	});

	it('refuses a token without the admin claim before asking Auth', async () => {
		const auth = authWith({ role: 'admin' });
		await expect(requireAdmin(auth, caller('operator'))).rejects.toMatchObject({
			code: 'permission-denied'
		});
		expect(auth.asked).toEqual([]);
	});
});

describe('parsePayload', () => {
	const schema = z.strictObject({
		title: z.string().max(5),
		count: z.number().int(),
		named: z.string().min(1, 'Give it a name.').optional()
	});

	it('returns the parsed data', () => {
		expect(parsePayload(schema, { title: 'hi', count: 2 })).toEqual({ title: 'hi', count: 2 });
	});

	it.each([
		['no data', undefined, 'Send the request as an object of named fields.'],
		['a list', [], 'Send the request as an object of named fields.'],
		['a missing field', { count: 1 }, 'title: This field is required.'],
		['a wrong type', { title: 3, count: 1 }, 'title: This must be text.'],
		[
			'a string too long',
			{ title: 'x'.repeat(10_000), count: 1 },
			'title: Use at most 5 characters.'
		],
		[
			'an extra key',
			{ title: 'a', count: 1, role: 'admin' },
			'Remove the unexpected field "role".'
		],
		['a schema message', { title: 'a', count: 1, named: '' }, 'named: Give it a name.']
	])('turns %s into invalid-argument with a sentence', (_what, data, message) => {
		const error = thrown(() => parsePayload(schema, data));
		expect(error.code).toBe('invalid-argument');
		expect(error.message).toBe(message);
		expectSentence(error.message);
	});

	it('keeps the message short when the extra key is huge', () => {
		const error = thrown(() =>
			parsePayload(schema, { title: 'a', count: 1, ['k'.repeat(10_000)]: 1 })
		);
		expect(error.code).toBe('invalid-argument');
		expectSentence(error.message);
	});
});
