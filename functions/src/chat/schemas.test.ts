import { HttpsError } from 'firebase-functions/https';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../shared/config.js';
import { parsePayload } from '../lib/guard.js';
import {
	chatAnswerSchema,
	chatEndSchema,
	chatRateSchema,
	chatRequestSchema,
	requestIdSchema
} from './schemas.js';

/** The message a client would show for `data`, through the same edge check the callables use. */
function refusal(schema: Parameters<typeof parsePayload>[0], data: unknown): string {
	try {
		parsePayload(schema, data);
	} catch (error) {
		expect(error).toBeInstanceOf(HttpsError);
		expect((error as HttpsError).code).toBe('invalid-argument');
		const message = (error as HttpsError).message;
		expect(message).toMatch(/^([A-Za-z.]+: )?[A-Z].*[.?]$/s);
		expect(message).not.toMatch(
			/\b(expected|received)\b|Invalid input|Unrecognized|Too (big|small)/
		);
		return message;
	}
	throw new Error(`Expected ${JSON.stringify(data)?.slice(0, 80)} to be refused.`);
}

describe('id payloads', () => {
	it.each([
		[chatRequestSchema, 'operatorId'],
		[requestIdSchema, 'requestId'],
		[chatEndSchema, 'sessionId']
	] as const)('%#: accepts an id, refuses anything else', (schema, key) => {
		expect(parsePayload(schema, { [key]: 'AbC_12-x' })).toEqual({ [key]: 'AbC_12-x' });
		for (const bad of [
			undefined,
			null,
			'id',
			{},
			{ [key]: '' },
			{ [key]: 'a/b' },
			{ [key]: 'x'.repeat(129) },
			{ [key]: 5 }
		]) {
			expect(refusal(schema, bad)).toBeTruthy();
		}
		expect(refusal(schema, { [key]: 'ok', extra: 1 })).toMatch(/unexpected field "extra"/);
	});
});

describe('chatAnswerSchema', () => {
	it('needs a request id and a yes or no', () => {
		expect(parsePayload(chatAnswerSchema, { requestId: 'r1', accept: false })).toEqual({
			requestId: 'r1',
			accept: false
		});
		expect(refusal(chatAnswerSchema, { requestId: 'r1' })).toMatch(/^accept: /);
		expect(refusal(chatAnswerSchema, { requestId: 'r1', accept: 'true' })).toMatch(
			/^accept: Say whether/
		);
	});
});

describe('chatRateSchema', () => {
	it('takes 1 to 5 whole stars and an optional trimmed comment', () => {
		for (const stars of [1, 2, 3, 4, 5]) {
			expect(parsePayload(chatRateSchema, { sessionId: 's', stars })).toEqual({
				sessionId: 's',
				stars
			});
		}
		expect(
			parsePayload(chatRateSchema, { sessionId: 's', stars: 3, comment: '  ok  ' }).comment
		).toBe('ok');
		const longest = 'c'.repeat(LIMITS.ratingCommentMax);
		expect(
			parsePayload(chatRateSchema, { sessionId: 's', stars: 3, comment: longest }).comment
		).toBe(longest);
	});

	it.each([0, 6, -1, 2.5, Number.NaN, '4', null])('refuses %s stars', (stars) => {
		expect(refusal(chatRateSchema, { sessionId: 's', stars })).toMatch(/^stars: /);
	});

	it('refuses long comments and extra fields', () => {
		expect(
			refusal(chatRateSchema, {
				sessionId: 's',
				stars: 3,
				comment: 'c'.repeat(LIMITS.ratingCommentMax + 1)
			})
		).toMatch(/^comment: Comments have at most/);
		expect(refusal(chatRateSchema, { sessionId: 's', stars: 3, at: 1 })).toMatch(
			/unexpected field/
		);
	});
});
