import { z } from 'zod';
import { LIMITS } from '../shared/config.js';
import { docId } from '../lib/doc-id.js';
import { SETTABLE_STATUSES } from '../shared/presence.js';

export const openPanelSchema = z.strictObject({});

export const setStatusSchema = z.strictObject({
	panelId: docId,
	operatorIds: z
		.array(docId)
		.min(1, 'Choose at least one operator.')
		.max(LIMITS.pageMax, `At most ${LIMITS.pageMax} operators at once.`),
	status: z.enum(SETTABLE_STATUSES, 'Status must be online, away or offline.')
});

export const closePanelSchema = z.strictObject({ panelId: docId });

/** The beacon body: sent as text by navigator.sendBeacon, so parsed by hand. */
export const beaconSchema = z.strictObject({
	panelId: docId,
	closeKey: z.string().min(16).max(128)
});
