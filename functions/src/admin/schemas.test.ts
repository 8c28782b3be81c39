import { HttpsError } from 'firebase-functions/https';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../shared/config.js';
import { parsePayload } from '../lib/guard.js';
import { createGroupSchema, emptySchema, listUsersSchema, setRoleSchema } from './schemas.js';

/** The message a client would show for `data`, through the same edge check the callables use. */
function refusal(schema: Parameters<typeof parsePayload>[0], data: unknown): string {
	try {
		parsePayload(schema, data);
	} catch (error) {
		expect(error).toBeInstanceOf(HttpsError);
		expect((error as HttpsError).code).toBe('invalid-argument');
		expectSentence((error as HttpsError).message);
		return (error as HttpsError).message;
	}
	throw new Error(`Expected ${JSON.stringify(data)?.slice(0, 80)} to be refused.`);
}

const long = 'x'.repeat(10_000);

/** "field: Sentence." or "Sentence.": a capital letter, an end stop, none of zod's jargon. */
function expectSentence(message: string) {
	expect(message).toMatch(/^([A-Za-z.]+: )?[A-Z].*[.?]$/s);
	expect(message).not.toMatch(/\b(expected|received)\b|Invalid input|Unrecognized|Too (big|small)/);
	expect(message.length).toBeLessThan(300);
}

describe('setRoleSchema', () => {
	it.each([
		{ email: 'a@parley.test', role: 'operator' },
		{ email: 'a@parley.test', role: 'operator', groupId: 'starlight' },
		{ email: 'a@parley.test', role: 'operator', groupId: null },
		{ email: 'a@parley.test', role: 'customer' },
		{ email: 'a@parley.test', role: 'admin' },
		{ email: 'a@parley.test', role: 'groupOwner' },
		{ email: 'a@parley.test', role: 'operator', groupId: 'A-z_09'.padEnd(64, 'x') }
	])('accepts %j', (data) => {
		expect(parsePayload(setRoleSchema, data)).toEqual(data);
	});

	it.each([
		['no data', undefined, /object/],
		['a string', 'admin', /object/],
		['an empty object', {}, /^email: /],
		['a bad email', { email: 'not-an-email', role: 'operator' }, /^email: Enter a valid email/],
		['an email as a number', { email: 42, role: 'operator' }, /^email: /],
		['a 10k-character email', { email: `${long}@parley.test`, role: 'operator' }, /^email: /],
		['a missing role', { email: 'a@parley.test' }, /^role: Choose one of/],
		['an unknown role', { email: 'a@parley.test', role: 'superuser' }, /^role: Choose one of/],
		['a 10k-character role', { email: 'a@parley.test', role: long }, /^role: /],
		['a role in the wrong case', { email: 'a@parley.test', role: 'Admin' }, /^role: /],
		['an extra key', { email: 'a@parley.test', role: 'operator', uid: 'x' }, /"uid"/],
		['a claims smuggle', { email: 'a@parley.test', role: 'operator', claims: {} }, /"claims"/],
		[
			'a group id with a slash',
			{ email: 'a@parley.test', role: 'operator', groupId: 'a/b' },
			/^groupId: /
		],
		[
			'a group id too long',
			{ email: 'a@parley.test', role: 'operator', groupId: 'g'.repeat(65) },
			/^groupId: /
		],
		[
			'a group id of 10k characters',
			{ email: 'a@parley.test', role: 'operator', groupId: long },
			/^groupId: /
		],
		['an empty group id', { email: 'a@parley.test', role: 'operator', groupId: '' }, /^groupId: /],
		[
			'a group id as a number',
			{ email: 'a@parley.test', role: 'operator', groupId: 7 },
			/^groupId: /
		]
	])('refuses %s', (_what, data, message) => {
		expect(refusal(setRoleSchema, data)).toMatch(message);
	});
});

describe('createGroupSchema', () => {
	it('accepts a name and an owner email, trimming the name', () => {
		expect(
			parsePayload(createGroupSchema, { name: '  Starlight  ', ownerEmail: 'o@parley.test' })
		).toEqual({
			name: 'Starlight',
			ownerEmail: 'o@parley.test'
		});
		const longest = 'n'.repeat(LIMITS.groupNameMax);
		expect(
			parsePayload(createGroupSchema, { name: longest, ownerEmail: 'o@parley.test' }).name
		).toBe(longest);
	});

	it.each([
		['a missing name', { ownerEmail: 'o@parley.test' }, /^name: /],
		[
			'a blank name',
			{ name: '   ', ownerEmail: 'o@parley.test' },
			/^name: Give the group a name\.$/
		],
		['a name as a number', { name: 5, ownerEmail: 'o@parley.test' }, /^name: /],
		[
			'a name one too long',
			{ name: 'n'.repeat(LIMITS.groupNameMax + 1), ownerEmail: 'o@parley.test' },
			/at most 80/
		],
		['a 10k-character name', { name: long, ownerEmail: 'o@parley.test' }, /at most 80/],
		['a missing owner', { name: 'Starlight' }, /^ownerEmail: /],
		[
			'a bad owner email',
			{ name: 'Starlight', ownerEmail: 'owner' },
			/^ownerEmail: Enter a valid email/
		],
		[
			'an extra key',
			{ name: 'Starlight', ownerEmail: 'o@parley.test', ownerUid: 'u' },
			/"ownerUid"/
		]
	])('refuses %s', (_what, data, message) => {
		expect(refusal(createGroupSchema, data)).toMatch(message);
	});
});

describe('listUsersSchema and emptySchema', () => {
	it('accept what the list callables send', () => {
		expect(parsePayload(listUsersSchema, {})).toEqual({});
		expect(parsePayload(listUsersSchema, { pageToken: null })).toEqual({ pageToken: null });
		expect(parsePayload(listUsersSchema, { pageToken: 'abc' })).toEqual({ pageToken: 'abc' });
		expect(parsePayload(emptySchema, {})).toEqual({});
	});

	it.each([
		['a page token as a number', listUsersSchema, { pageToken: 5 }, /^pageToken: /],
		[
			'a 10k-character page token',
			listUsersSchema,
			{ pageToken: long },
			/^pageToken: Use at most 2000 characters\.$/
		],
		['a page size', listUsersSchema, { pageSize: 1000 }, /"pageSize"/],
		['a list', listUsersSchema, [], /object/],
		['any key in an empty request', emptySchema, { everything: true }, /"everything"/],
		['a string for an empty request', emptySchema, 'x', /object/]
	])('refuse %s', (_what, schema, data, message) => {
		expect(refusal(schema, data)).toMatch(message);
	});
});
