import { describe, expect, it } from 'vitest';
import { DisconnectReason } from 'livekit-client';
import { reconnectable } from './livekit';

describe('reconnectable: which LiveKit disconnects the app connects again after', () => {
	it.each([
		['CLIENT_INITIATED', DisconnectReason.CLIENT_INITIATED],
		['DUPLICATE_IDENTITY', DisconnectReason.DUPLICATE_IDENTITY],
		['PARTICIPANT_REMOVED', DisconnectReason.PARTICIPANT_REMOVED],
		['ROOM_DELETED', DisconnectReason.ROOM_DELETED],
		['ROOM_CLOSED', DisconnectReason.ROOM_CLOSED]
	])('not after %s (left, or ended by the server: the chat ended or paused)', (_name, reason) => {
		expect(reconnectable(reason)).toBe(false);
	});

	it.each([
		['UNKNOWN_REASON', DisconnectReason.UNKNOWN_REASON],
		['SERVER_SHUTDOWN', DisconnectReason.SERVER_SHUTDOWN],
		['SIGNAL_CLOSE', DisconnectReason.SIGNAL_CLOSE],
		['STATE_MISMATCH', DisconnectReason.STATE_MISMATCH],
		['CONNECTION_TIMEOUT', DisconnectReason.CONNECTION_TIMEOUT]
	])('after %s (the connection dropped)', (_name, reason) => {
		expect(reconnectable(reason)).toBe(true);
	});

	it('after a disconnect without a reason', () => {
		expect(reconnectable(undefined)).toBe(true);
	});
});
