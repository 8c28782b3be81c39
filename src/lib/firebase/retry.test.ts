import { FirebaseError } from 'firebase/app';
import { describe, expect, it } from 'vitest';
import { outcomeUnknown } from './retry';

describe('outcomeUnknown', () => {
	it.each(['aborted', 'internal', 'unavailable', 'deadline-exceeded', 'unknown'])(
		'a callable failing with %s may have done its work: keep the key',
		(code) => {
			expect(outcomeUnknown(new FirebaseError(`functions/${code}`, 'x'))).toBe(true);
		}
	);

	it.each([
		'failed-precondition',
		'invalid-argument',
		'permission-denied',
		'not-found',
		'unauthenticated',
		'resource-exhausted'
	])('a callable refused with %s did nothing: the next click is a new attempt', (code) => {
		expect(outcomeUnknown(new FirebaseError(`functions/${code}`, 'x'))).toBe(false);
	});

	it.each([null, undefined, 'internal', new Error('internal'), { code: 42 }])(
		'anything else (%j) is not a callable outcome',
		(value) => {
			expect(outcomeUnknown(value)).toBe(false);
		}
	);
});
