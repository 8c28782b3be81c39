import { onSchedule } from 'firebase-functions/scheduler';
import { logger } from 'firebase-functions';
import { db } from '../lib/admin.js';
import { presenceTiming } from '../config.js';
import { sweepPanels } from './panels.js';

/**
 * Production sweep. Cloud Scheduler fires at most once a minute, so each run sweeps twice,
 * DEFAULTS.sweepSeconds (30 s) apart: a lost panel is then found within timeout + 30 s (60 s), inside
 * the 90 s promise.
 */
export const presenceSweep = onSchedule(
	{ schedule: 'every 1 minutes', timeoutSeconds: 120 },
	async () => {
		const first = await sweepPanels(db());
		await new Promise((resolve) => setTimeout(resolve, presenceTiming().sweepSeconds * 1000));
		const second = await sweepPanels(db());
		logger.info('presence sweep', { first, second });
	}
);
