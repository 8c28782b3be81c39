import { describe, expect, it } from 'vitest';
import { LIMITS } from './config.js';
import { MESSAGE_ID_PATTERN, SYSTEM_MESSAGE_IDS, chatSideOf, isValidMessageText } from './chat.js';

const chat = { customerUid: 'alice', operatorId: 'luna', groupId: 'g1' };

describe('chatSideOf', () => {
	it('puts the customer on its side, the operator and its group owner on the other', () => {
		expect(chatSideOf({ uid: 'alice', role: 'customer', groupId: null }, chat)).toBe('customer');
		expect(chatSideOf({ uid: 'luna', role: 'operator', groupId: 'g1' }, chat)).toBe('operator');
		expect(chatSideOf({ uid: 'gina', role: 'groupOwner', groupId: 'g1' }, chat)).toBe('operator');
	});

	it('leaves everyone else out, admins included', () => {
		expect(chatSideOf({ uid: 'orion', role: 'operator', groupId: 'g1' }, chat)).toBeNull();
		expect(chatSideOf({ uid: 'gus', role: 'groupOwner', groupId: 'g2' }, chat)).toBeNull();
		expect(chatSideOf({ uid: 'ada', role: 'admin', groupId: null }, chat)).toBeNull();
		// A customer with a stray groupId claim is not a group owner.
		expect(chatSideOf({ uid: 'mallory', role: 'customer', groupId: 'g1' }, chat)).toBeNull();
		// An independent operator's chats have no group owner.
		const independent = { ...chat, groupId: null };
		expect(chatSideOf({ uid: 'gina', role: 'groupOwner', groupId: null }, independent)).toBeNull();
	});
});

describe('message ids and texts', () => {
	it('system ids can never be client ids', () => {
		for (const id of Object.values(SYSTEM_MESSAGE_IDS)) expect(id).not.toMatch(MESSAGE_ID_PATTERN);
		expect('AbCdEfGhIj0123456789').toMatch(MESSAGE_ID_PATTERN);
	});

	it('a text has 1..messageMax characters, not only spaces', () => {
		expect(isValidMessageText('hi')).toBe(true);
		expect(isValidMessageText('x'.repeat(LIMITS.messageMax))).toBe(true);
		expect(isValidMessageText('x'.repeat(LIMITS.messageMax + 1))).toBe(false);
		expect(isValidMessageText('')).toBe(false);
		expect(isValidMessageText(' \n\t')).toBe(false);
	});
});
