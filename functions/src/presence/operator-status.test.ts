import { describe, expect, it } from 'vitest';
import {
	RELEASED,
	choose,
	planStatus,
	sessionDelta,
	statusState,
	type StatusState
} from './operator-status.js';

const offline: StatusState = {
	status: 'offline',
	chosenStatus: 'offline',
	statusPanelId: null,
	activeSessions: 0
};

/** Applies a patch the way a transaction would, returning the new state. */
function apply(state: StatusState, patch: Parameters<typeof planStatus>[1]) {
	return planStatus(state, patch).next;
}

describe('operator status transitions', () => {
	it('a panel setting online takes ownership; offline releases it', () => {
		const online = apply(offline, choose('online', 'p1'));
		expect(online).toEqual({
			status: 'online',
			chosenStatus: 'online',
			statusPanelId: 'p1',
			activeSessions: 0
		});
		expect(apply(online, choose('offline', 'p1'))).toEqual(offline);
	});

	it('writes nothing when nothing changes', () => {
		const online = apply(offline, choose('online', 'p1'));
		expect(planStatus(online, choose('online', 'p1')).fields).toEqual({});
		expect(planStatus(offline, RELEASED).fields).toEqual({});
	});

	it('writes the status and its rank only on a transition', () => {
		const online = apply(offline, choose('online', 'p1'));
		// Another panel taking over an online operator changes the owner, not the public status.
		expect(planStatus(online, choose('online', 'p2')).fields).toEqual({ statusPanelId: 'p2' });
		expect(planStatus(online, choose('away', 'p1')).fields).toEqual({
			chosenStatus: 'away',
			status: 'away',
			statusRank: 2
		});
	});

	it('shows busy during a chat and returns to the chosen online or away afterwards', () => {
		for (const chosen of ['online', 'away'] as const) {
			const before = apply(offline, choose(chosen, 'p1'));
			const inChat = apply(before, sessionDelta(before, 1));
			expect(inChat.status).toBe('busy');
			const after = apply(inChat, sessionDelta(inChat, -1));
			expect(after.status).toBe(chosen);
		}
	});

	it('a choice made during a chat applies when the chat ends', () => {
		const online = apply(offline, choose('online', 'p1'));
		const inChat = apply(online, sessionDelta(online, 1));
		const wantsAway = planStatus(inChat, choose('away', 'p1'));
		// Still busy in public: only the choice is recorded.
		expect(wantsAway.fields).toEqual({ chosenStatus: 'away' });
		expect(apply(wantsAway.next, sessionDelta(wantsAway.next, -1)).status).toBe('away');
	});

	it('a panel closing during a chat leaves busy, then offline when the chat ends', () => {
		const online = apply(offline, choose('online', 'p1'));
		const inChat = apply(online, sessionDelta(online, 1));
		const closed = planStatus(inChat, RELEASED);
		expect(closed.next.status).toBe('busy');
		expect(closed.fields.status).toBeUndefined();
		expect(apply(closed.next, sessionDelta(closed.next, -1)).status).toBe('offline');
	});

	it('never counts open chats below zero', () => {
		expect(sessionDelta(offline, -1)).toEqual({ activeSessions: 0 });
	});

	it('reads documents written before chosenStatus existed', () => {
		expect(statusState({ status: 'away', statusPanelId: 'p' }).chosenStatus).toBe('away');
		expect(statusState({ status: 'online', statusPanelId: 'p' }).chosenStatus).toBe('online');
		expect(statusState({ status: 'busy', statusPanelId: 'p' }).chosenStatus).toBe('online');
		expect(statusState(undefined)).toEqual(offline);
	});
});
