import type { RequestStatus } from '../shared/chat.js';

/**
 * Where a request stands at `nowMs`: still ringing, ringing past its expiry (it must expire, and
 * that counts as a miss), or already settled.
 */
export function ringState(
	request: { status: RequestStatus; expiresAtMs: number },
	nowMs: number
): 'ringing' | 'overdue' | 'settled' {
	if (request.status !== 'ringing') return 'settled';
	return nowMs >= request.expiresAtMs ? 'overdue' : 'ringing';
}
