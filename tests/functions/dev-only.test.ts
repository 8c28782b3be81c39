/**
 * The demo-only functions on the emulators of a demo- project, where they must work (the other
 * side, a real project or no emulator, is functions/src/dev/dev-only.test.ts: the same check, fed
 * each combination of the environment).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { FAULT_HEADER, AFTER_COMMIT } from '../../functions/lib/dev/faults.js';
import { PROJECT_ID, callFunction, resetEmulators } from '../emulator';
import { balanceOf, newKey, person, sweep, type Person } from './money-kit';
import { expectOk } from './expect-call';

let alice: Person;

beforeEach(async () => {
	await resetEmulators();
	alice = await person('Alice');
});

describe('on the emulators of a demo- project', () => {
	it('runs on a demo- project id', () => {
		expect(PROJECT_ID).toMatch(/^demo-/);
	});

	it('walletDemoTopUp credits the caller', async () => {
		const r = expectOk(
			await callFunction<{ balanceCents: number }>(
				'walletDemoTopUp',
				{ amountCents: 700, key: newKey() },
				alice.idToken
			)
		);
		expect(r.balanceCents).toBe(700);
		expect(await balanceOf(alice)).toBe(700);
	});

	it('presenceSweepLocal answers the counts of one pass', async () => {
		expect(await sweep()).toMatchObject({ panels: expect.any(Number) });
	});

	it('fault injection fires after the commit, and the money moved', async () => {
		const key = newKey();
		const r = await callFunction('walletDemoTopUp', { amountCents: 300, key }, alice.idToken, {
			[FAULT_HEADER]: AFTER_COMMIT
		});
		expect(r.error?.status).toBe('INTERNAL');
		expect(await balanceOf(alice)).toBe(300);
	});
});
