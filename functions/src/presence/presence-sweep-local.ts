import { onRequest } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { MAX_INSTANCES } from '../config.js';
import { devOnly } from '../dev/dev-only.js';
import { sweepAll } from '../sweeps/stale.js';

/**
 * The sweep's twin for the local default: the Functions emulator does not run schedules, so
 * `npm start` (and the test runner) call this on a timer. It answers only in the emulators
 * of a demo- project (devOnly).
 * Answers the counts of one pass: {panels, operators, requestsExpired, sessionsEnded,
 * windowsPruned, locksExpired}, plus `failed` (the names of the sweeps that threw, each logged)
 * when any did.
 */
export const presenceSweepLocal = onRequest(
	{ maxInstances: MAX_INSTANCES.sweep },
	async (req, res) => {
		if (!devOnly()) {
			res.status(404).send('Not found.');
			return;
		}
		const { counts, failed } = await sweepAll(db());
		res.json(failed.length > 0 ? { ...counts, failed } : counts);
	}
);
