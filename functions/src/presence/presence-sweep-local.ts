import { onRequest } from 'firebase-functions/https';
import { db } from '../lib/admin.js';
import { IS_EMULATOR } from '../config.js';
import { sweepChat } from '../chat/sweep.js';
import { sweepLocks } from '../money/locks.js';
import { sweepPanels } from './panels.js';

/**
 * The sweep's twin for the local default: the Functions emulator does not run schedules, so
 * `npm start` (and the test runner) call this on a timer. It exists only in the emulator.
 * Answers the counts of one pass: {panels, operators, requestsExpired, sessionsEnded,
 * windowsPruned, locksExpired}.
 */
export const presenceSweepLocal = onRequest(async (req, res) => {
	if (!IS_EMULATOR) {
		res.status(404).send('Not found.');
		return;
	}
	res.json({
		...(await sweepPanels(db())),
		...(await sweepChat(db())),
		...(await sweepLocks(db()))
	});
});
