/**
 * One pass of the periodic sweeps (lost panels; rung-out requests and lost chat windows; lapsed
 * lock reservations), shared by the production schedule and its emulator twin. Each sweep runs on
 * its own: one that throws (a missing index, a contended transaction, a malformed document) is
 * logged with its cause and the others still run, so a bug in the lock sweep cannot leave
 * operators online after their panel died. They run one after another, in this order, as before:
 * closing panels first frees operators the chat sweep may then find idle.
 */
import type { Firestore } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { sweepChat } from '../chat/sweep.js';
import { sweepLocks } from '../money/lock-sweep.js';
import { sweepPanels } from '../presence/panels.js';

export interface Sweep {
	name: string;
	run: (db: Firestore) => Promise<Record<string, number>>;
}

export const SWEEPS: readonly Sweep[] = [
	{ name: 'panels', run: (db) => sweepPanels(db) },
	{ name: 'chat', run: (db) => sweepChat(db) },
	{ name: 'locks', run: (db) => sweepLocks(db) }
];

export interface SweepReport {
	/** The counts of every sweep that finished. */
	counts: Record<string, number>;
	/** The names of the sweeps that threw (each logged with its error). */
	failed: string[];
}

/** Where a failed sweep is reported: the functions logger, with the error (its stack included). */
function logFailure(sweep: string, error: unknown) {
	logger.error(`The ${sweep} sweep failed; the other sweeps still ran.`, error);
}

export async function sweepAll(
	db: Firestore,
	{
		sweeps = SWEEPS,
		onError = logFailure
	}: { sweeps?: readonly Sweep[]; onError?: typeof logFailure } = {}
): Promise<SweepReport> {
	const report: SweepReport = { counts: {}, failed: [] };
	for (const sweep of sweeps) {
		try {
			Object.assign(report.counts, await sweep.run(db));
		} catch (error) {
			report.failed.push(sweep.name);
			onError(sweep.name, error);
		}
	}
	return report;
}
