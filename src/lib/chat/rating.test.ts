import { beforeEach, describe, expect, it, vi } from 'vitest';

const call = vi.fn();
vi.mock('$lib/firebase/callables', () => ({
	call: (...args: unknown[]) => call(...args),
	humanError: (error: unknown) => `sentence for ${(error as Error).message}`
}));

const { rateChat } = await import('./rating');

describe('rateChat', () => {
	beforeEach(() => {
		call.mockReset();
	});

	it('sends the stars and the comment for the session', async () => {
		call.mockResolvedValue({ stars: 4 });
		await expect(rateChat('s1', { stars: 4, comment: 'Clear and kind.' })).resolves.toBeNull();
		expect(call).toHaveBeenCalledWith('chatRate', {
			sessionId: 's1',
			stars: 4,
			comment: 'Clear and kind.'
		});
	});

	it('turns a refusal into a sentence', async () => {
		call.mockRejectedValue(new Error('already rated'));
		await expect(rateChat('s1', { stars: 5, comment: '' })).resolves.toBe(
			'sentence for already rated'
		);
	});
});
