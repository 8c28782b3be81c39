import { onSchedule } from 'firebase-functions/scheduler';
import { logger } from 'firebase-functions';
import { db } from '../lib/admin.js';
import { MAX_INSTANCES, presenceTiming } from '../config.js';
import { sweepAll } from '../sweeps/stale.js';

/**
 * Production sweep. Cloud Scheduler fires at most once a minute, so each run sweeps twice,
 * DEFAULTS.sweepSeconds (30 s) apart: a lost panel is then found within timeout + 30 s (60 s), inside
 * the 90 s promise; a rung-out request the clients did not expire, within 30 s of its expiry.
 * A sweep that fails is logged by sweepAll and does not stop the others or the second pass; the
 * run then ends in an error so the schedule's history shows it.
 */
export const presenceSweep = onSchedule(
	{ schedule: 'every 1 minutes', timeoutSeconds: 120, maxInstances: MAX_INSTANCES.sweep },
	async () => {
		const first = await sweepAll(db());
		await new Promise((resolve) => setTimeout(resolve, presenceTiming().sweepSeconds * 1000));
		const second = await sweepAll(db());
		logger.info('presence sweep', { first: first.counts, second: second.counts });
		const failed = [...new Set([...first.failed, ...second.failed])];
		if (failed.length > 0) throw new Error(`Sweeps failed: ${failed.join(', ')}`);
	}
);
