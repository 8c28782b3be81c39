import { describe, expect, it } from 'vitest';
import { isDroppedTransaction } from './contended-transaction.js';

describe('isDroppedTransaction', () => {
	it('knows a transaction the database dropped before committing', () => {
		expect(
			isDroppedTransaction({
				code: 3,
				message: '3 INVALID_ARGUMENT: Transaction is invalid or closed'
			})
		).toBe(true);
		expect(
			isDroppedTransaction({ code: 3, message: 'The referenced transaction has expired' })
		).toBe(true);
	});

	it('leaves every other error alone', () => {
		expect(
			isDroppedTransaction({ code: 3, message: 'Value for argument "data" is not valid' })
		).toBe(false);
		expect(isDroppedTransaction({ code: 10, message: 'Transaction is invalid or closed' })).toBe(
			false
		);
		expect(isDroppedTransaction(new Error('Transaction is invalid or closed'))).toBe(false);
		expect(isDroppedTransaction(null)).toBe(false);
	});
});
