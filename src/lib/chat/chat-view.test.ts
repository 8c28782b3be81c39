import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '$shared/config';
import { cents } from '$shared/money';
import { settingsFrom } from '$shared/settings';
import {
	camButton,
	camStateText,
	chatTitle,
	declinedLockOf,
	endQuestion,
	lockBounds,
	peerFirstName,
	pendingLockOf,
	personState,
	personStateText
} from './chat-view';

const session = { customerName: 'Alice Moreau', operatorName: ' Luna  Vega ' };

describe('people', () => {
	it('shows the other side by its connection and me as "You"', () => {
		expect(personState('operator', 'customer', 'away')).toBe('away');
		expect(personState('customer', 'customer', 'away')).toBe('self');
		expect(personState('customer', 'operator', 'here')).toBe('here');
		expect(personStateText('self')).toBe('You');
		expect(personStateText('waiting')).toBe('Joining…');
		expect(personStateText('here')).toBe('Connected');
		expect(personStateText('away')).toBe('Connection lost: waiting for them to come back');
		expect(personStateText('leaving')).toBe('Closed the chat window');
		expect(personStateText('left')).toBe('Left the chat');
	});

	it('addresses the other person by first name', () => {
		expect(peerFirstName(session, 'customer')).toBe('Luna');
		expect(peerFirstName(session, 'operator')).toBe('Alice');
	});

	it('titles the window after them once the chat is open', () => {
		expect(chatTitle('Luna')).toBe('Chat with Luna · Parley');
		expect(chatTitle(null)).toBe('Chat · Parley');
	});

	it('asks before ending: the customer leaves, the operator side ends', () => {
		expect(endQuestion('customer', 'Alice Moreau')).toBe(
			'Leave this chat? It ends for both of you.'
		);
		expect(endQuestion('operator', 'Alice Moreau')).toBe('End the chat with Alice Moreau?');
		expect(endQuestion('operator', undefined)).toBe('End the chat with the customer?');
	});
});

describe('webcam control', () => {
	it('starts and stops, and waits while a lock offer pauses the chat', () => {
		const paused = 'The webcam waits while the chat is paused';
		const rows = [
			[{ status: 'off', lockPending: false }, 'Start webcam', 'Start webcam', false],
			[{ status: 'off', lockPending: true }, 'Start webcam', paused, true],
			[{ status: 'starting', lockPending: false }, 'Stop webcam', 'Stop webcam', true],
			[{ status: 'live', lockPending: true }, 'Stop webcam', 'Stop webcam', false]
		] as const;
		for (const [cam, label, title, disabled] of rows) {
			expect(camButton(cam)).toEqual({ label, title, disabled });
		}
	});

	it('tells the operator whether the customer sees them', () => {
		const cam = { customerName: 'Alice Moreau', viewerConnected: false };
		expect(camStateText({ ...cam, status: 'starting' })).toBe('Starting…');
		expect(camStateText({ ...cam, status: 'live' })).toBe(
			"Live: waiting for Alice Moreau's window"
		);
		expect(camStateText({ ...cam, status: 'live', viewerConnected: true })).toBe(
			'Alice Moreau sees you'
		);
	});
});

describe('lock offers', () => {
	it("bounds a new offer by the platform's settings, or the defaults", () => {
		const defaults = {
			lockMinCents: DEFAULTS.lockMinCents,
			lockMaxCents: DEFAULTS.lockMaxCents,
			currency: DEFAULTS.currency
		};
		expect(lockBounds(null)).toMatchObject(defaults);
		expect(
			lockBounds({ lockMinCents: cents(100), lockMaxCents: cents(900), currency: 'EUR' })
		).toMatchObject({ lockMinCents: 100, lockMaxCents: 900, currency: 'EUR' });
		expect(lockBounds({ lockMinCents: cents(100), currency: '' })).toMatchObject({
			lockMinCents: 100,
			lockMaxCents: DEFAULTS.lockMaxCents,
			currency: DEFAULTS.currency
		});
	});

	it('shows the bounds the server enforces when the settings document is malformed', () => {
		const malformed = { lockMinCents: cents(900), lockMaxCents: cents(100), currency: 'usd' };
		expect(lockBounds(malformed)).toEqual(settingsFrom(malformed));
		expect(lockBounds(malformed)).toMatchObject({
			lockMinCents: DEFAULTS.lockMinCents,
			lockMaxCents: DEFAULTS.lockMaxCents,
			currency: DEFAULTS.currency
		});
	});

	it('finds the offer waiting for an answer', () => {
		const locks = [
			{ id: 'a', status: 'declined' as const },
			{ id: 'b', status: 'pending' as const }
		];
		expect(pendingLockOf(locks)?.id).toBe('b');
		expect(pendingLockOf(locks.slice(0, 1))).toBeNull();
	});

	it('keeps the newest declined offer in view until the operator side goes on', () => {
		const declined = [
			{ id: 'a', status: 'paid' as const },
			{ id: 'b', status: 'declined' as const }
		];
		expect(declinedLockOf(declined, null)?.id).toBe('b');
		expect(declinedLockOf(declined, 'b')).toBeNull();
		expect(declinedLockOf([...declined, { id: 'c', status: 'paid' as const }], null)).toBeNull();
		expect(declinedLockOf([], null)).toBeNull();
	});
});
