import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULTS } from '$shared/config';
import { CAM_TOKEN_FRESH_MS, CamTokens, type LiveKitJoin } from './tokens';
import type { CamJoin } from './transport';

const join = (token: string): LiveKitJoin => ({ transport: 'livekit', url: 'wss://lk', token });

let clock = 0;
let minted = 0;
const mint = vi.fn(async (): Promise<CamJoin> => join(`t${++minted}`));

beforeEach(() => {
	vi.useFakeTimers();
	clock = 0;
	minted = 0;
	mint.mockClear();
});
afterEach(() => vi.useRealTimers());

const tokens = (first: LiveKitJoin | null = null) => new CamTokens(mint, first, () => clock);

describe('CamTokens', () => {
	it('a held token is used only while younger than half of a token’s life', async () => {
		expect(CAM_TOKEN_FRESH_MS).toBe((DEFAULTS.camTokenSeconds * 1000) / 2);
		expect(DEFAULTS.camTokenSeconds).toBeLessThanOrEqual(60);
		const t = tokens(join('first'));
		expect((await t.get()).token).toBe('first');
		clock = CAM_TOKEN_FRESH_MS - 1;
		expect((await t.get()).token).toBe('first');
		expect(mint).not.toHaveBeenCalled();
		clock = CAM_TOKEN_FRESH_MS;
		expect((await t.get()).token).toBe('t1');
		expect((await t.get()).token).toBe('t1');
		expect(mint).toHaveBeenCalledTimes(1);
	});

	it('without a first token, the first connect fetches one', async () => {
		expect((await tokens().get()).token).toBe('t1');
	});

	it('asks the server once for concurrent requests', async () => {
		const t = tokens();
		const [a, b] = await Promise.all([t.get(), t.refresh()]);
		expect([a.token, b.token]).toEqual(['t1', 't1']);
		expect(mint).toHaveBeenCalledTimes(1);
	});

	it('passes on the server’s refusal (the chat ended or paused) to the connect that asked', async () => {
		const refused = new Error('This chat has ended: the webcam is off.');
		const t = new CamTokens(
			() => Promise.reject(refused),
			join('old'),
			() => clock
		);
		clock = CAM_TOKEN_FRESH_MS;
		await expect(t.get()).rejects.toBe(refused);
	});

	it('refuses a peer-to-peer answer: there is no room to connect to', async () => {
		const t = new CamTokens(
			async () => ({ transport: 'p2p' }),
			null,
			() => clock
		);
		await expect(t.get()).rejects.toMatchObject({ kind: 'connection' });
	});

	it('keeps the held token fresh while asked to, and stops', async () => {
		const t = tokens(join('first'));
		const stop = t.keepFresh();
		clock = CAM_TOKEN_FRESH_MS;
		await vi.advanceTimersByTimeAsync(CAM_TOKEN_FRESH_MS);
		expect(mint).toHaveBeenCalledTimes(1);
		// A connect now uses the refreshed token without waiting for the server.
		clock = 2 * CAM_TOKEN_FRESH_MS - 1;
		expect((await t.get()).token).toBe('t1');
		expect(mint).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(CAM_TOKEN_FRESH_MS * 2);
		expect(mint).toHaveBeenCalledTimes(3);
		stop();
		await vi.advanceTimersByTimeAsync(CAM_TOKEN_FRESH_MS * 4);
		expect(mint).toHaveBeenCalledTimes(3);
	});

	it('a failed refresh is not reported and does not stop the next one', async () => {
		let fail = true;
		const t = new CamTokens(
			async () => {
				if (fail) throw new Error('offline');
				return join('ok');
			},
			join('first'),
			() => clock
		);
		const stop = t.keepFresh();
		await vi.advanceTimersByTimeAsync(CAM_TOKEN_FRESH_MS);
		fail = false;
		await vi.advanceTimersByTimeAsync(CAM_TOKEN_FRESH_MS);
		clock = CAM_TOKEN_FRESH_MS;
		expect((await t.get()).token).toBe('ok');
		stop();
	});
});
