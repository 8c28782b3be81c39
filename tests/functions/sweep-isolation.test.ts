/**
 * The periodic sweeps run each on its own (functions/src/sweeps/stale.ts): a sweep that
 * throws is reported with its error and the sweeps after it still do their work, on the real
 * emulators. The failures are injected as sweeps of the list that throw; the real panel and chat
 * sweeps run between them with a clock a minute ahead, so the runner's own timer (which sweeps
 * with the real clock every 2 s) cannot do their work first.
 */
import { describe, expect, it } from 'vitest';
import { db } from './admin-sdk';
import { asked, data, panel, useChatAccounts } from './chat-kit';
import { sweepChat } from '../../functions/lib/chat/sweep.js';
import { sweepLocks } from '../../functions/lib/money/lock-sweep.js';
import { sweepPanels } from '../../functions/lib/presence/panels.js';
import { SWEEPS, sweepAll } from '../../functions/lib/sweeps/stale.js';

useChatAccounts();

describe('sweepAll', () => {
	it('runs every sweep even when the ones before it throw, and reports each failure with its error', async () => {
		const panelId = await panel('owner', ['luna']);
		const requestId = await asked('alice', 'luna');
		const later = Date.now() + 60_000;
		const first = new Error('first sweep broke');
		const middle = new Error('middle sweep broke');
		const reported: { sweep: string; error: unknown }[] = [];

		type Sweep = {
			name: string;
			run: (d: Parameters<typeof sweepPanels>[0]) => Promise<Record<string, number>>;
		};
		const sweeps: Sweep[] = [
			{ name: 'first', run: () => Promise.reject(first) },
			{ name: 'panels', run: (d) => sweepPanels(d, later) },
			{
				name: 'middle',
				run: () => {
					throw middle;
				}
			},
			{ name: 'chat', run: (d) => sweepChat(d, later) },
			{ name: 'locks', run: (d) => sweepLocks(d, later) }
		];
		const report = await sweepAll(db(), {
			// functions/lib carries no declarations: its JS types the list as the product's three.
			sweeps: sweeps as unknown as typeof SWEEPS,
			onError: (sweep: string, error: unknown) => reported.push({ sweep, error })
		});

		expect(report.failed).toEqual(['first', 'middle']);
		expect(reported).toEqual([
			{ sweep: 'first', error: first },
			{ sweep: 'middle', error: middle }
		]);
		expect(report.counts).toMatchObject({ panels: 1, requestsExpired: 1, locksExpired: 0 });
		expect((await data(`panels/${panelId}`))!.closedReason).toBe('timeout');
		expect((await data(`requests/${requestId}`))!.status).toBe('expired');
	});

	it('the product list is the panel, chat and lock sweeps, in that order', async () => {
		expect(SWEEPS.map((s) => s.name)).toEqual(['panels', 'chat', 'locks']);
		const report = await sweepAll(db());
		expect(report.failed).toEqual([]);
		expect(Object.keys(report.counts).sort()).toEqual(
			[
				'locksExpired',
				'operators',
				'panels',
				'requestsExpired',
				'sessionsEnded',
				'windowsPruned'
			].sort()
		);
	});
});
