import { timingSafeEqual } from 'node:crypto';
import { onRequest } from 'firebase-functions/https';
import { logger } from 'firebase-functions';
import { MAX_INSTANCES } from '../config.js';
import { db } from '../lib/admin.js';
import { closePanel, hashCloseKey } from './panels.js';
import { beaconSchema } from './schemas.js';
import { beaconBody } from '../lib/beacon.js';

class Refused extends Error {}

/**
 * The page's `pagehide` beacon: closing or leaving the control panel takes its operators
 * offline within moments. `navigator.sendBeacon` cannot send an Authorization header and the
 * ID token may have expired while the panel sat open, so the page proves itself with the
 * panel's close key (only its hash is stored). Always answers 204 or 400: a beacon's response
 * is never read, and a probe learns nothing about which panels exist.
 */
export const presenceBeacon = onRequest(
	{ cors: true, maxInstances: MAX_INSTANCES.beacon },
	async (req, res) => {
		if (req.method === 'GET') {
			// Warm-up: an open panel calls this now and then so that an instance is ready when the
			// window closes; a cold start would eat most of the 2 s a clean close may take.
			res.status(204).send();
			return;
		}
		if (req.method !== 'POST') {
			res.status(405).send('Use POST.');
			return;
		}
		const parsed = beaconBody(req, beaconSchema);
		if (!parsed) {
			res.status(400).send('Expected {"panelId", "closeKey"}.');
			return;
		}
		const { panelId, closeKey } = parsed;
		try {
			await closePanel(db(), panelId, 'closed', (panel) => {
				const want = Buffer.from(String(panel.closeKeyHash), 'utf8');
				const got = Buffer.from(hashCloseKey(closeKey), 'utf8');
				if (want.length !== got.length || !timingSafeEqual(want, got)) throw new Refused();
			});
		} catch (error) {
			if (!(error instanceof Refused)) {
				logger.error('presenceBeacon failed', error);
				res.status(500).send('Could not close the panel.');
				return;
			}
		}
		res.status(204).send();
	}
);
