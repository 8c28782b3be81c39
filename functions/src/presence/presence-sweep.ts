import { onSchedule } from 'firebase-functions/scheduler';
import { logger } from 'firebase-functions';
import { db } from '../lib/admin.js';
import { MAX_INSTANCES, presenceTiming } from '../config.js';
import { sweepChat } from '../chat/sweep.js';
import { sweepLocks } from '../money/locks.js';
import { sweepPanels } from './panels.js';

/**
 * One pass: lost panels, then rung-out requests and sessions whose operator window has gone, then
 * chat locks whose top-up reservation has passed.
 */
async function sweepOnce() {
	return { ...(await sweepPanels(db())), ...(await sweepChat(db())), ...(await sweepLocks(db())) };
}

/**
 * Production sweep. Cloud Scheduler fires at most once a minute, so each run sweeps twice,
 * DEFAULTS.sweepSeconds (30 s) apart: a lost panel is then found within timeout + 30 s (60 s), inside
 * the 90 s promise; a rung-out request the clients did not expire, within 30 s of its expiry.
 */
export const presenceSweep = onSchedule(
	{ schedule: 'every 1 minutes', timeoutSeconds: 120, maxInstances: MAX_INSTANCES.sweep },
	async () => {
		const first = await sweepOnce();
		await new Promise((resolve) => setTimeout(resolve, presenceTiming().sweepSeconds * 1000));
		const second = await sweepOnce();
		logger.info('presence sweep', { first, second });
	}
);
