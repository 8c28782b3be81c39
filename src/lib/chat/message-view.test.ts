import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '$lib/data/messages';
import { messageViews } from './message-view';

const names = { customerName: 'Alice Moreau', operatorName: 'Luna Vega' };
const AT = new Date(2025, 2, 12, 15, 30);

function person(
	id: string,
	authorRole: 'customer' | 'operator',
	text = id,
	pending = false
): ChatMessage {
	return { id, authorUid: `${authorRole}-uid`, authorRole, text, createdAt: AT, pending };
}

const started: ChatMessage = {
	id: 'system-started',
	authorUid: null,
	authorRole: 'system',
	text: 'The chat has started.',
	createdAt: AT,
	event: 'started',
	pending: false
};

describe('messageViews', () => {
	it('puts my messages on my side and theirs on theirs, whichever side I am on', () => {
		const messages = [person('a', 'customer'), person('b', 'operator')];
		const asCustomer = messageViews({ messages, failed: {}, side: 'customer', names });
		expect(asCustomer.map((m) => m.side)).toEqual(['me', 'them']);
		const asOperator = messageViews({ messages, failed: {}, side: 'operator', names });
		expect(asOperator.map((m) => m.side)).toEqual(['them', 'me']);
	});

	it('names each message after its side: the operator side writes as the operator', () => {
		const views = messageViews({
			messages: [person('a', 'customer'), person('b', 'operator')],
			failed: {},
			side: 'operator',
			names
		});
		expect(views.map((m) => m.authorName)).toEqual(['Alice Moreau', 'Luna Vega']);
	});

	it('shows system lines as system lines, with their text and time', () => {
		const [line] = messageViews({ messages: [started], failed: {}, side: 'customer', names });
		expect(line).toEqual({
			id: 'system-started',
			side: 'system',
			authorName: 'Luna Vega',
			text: 'The chat has started.',
			at: AT,
			state: 'sent'
		});
	});

	it('is sending until the server has the message, then sent', () => {
		const views = messageViews({
			messages: [person('a', 'customer', 'hi', true), person('b', 'customer', 'there', false)],
			failed: {},
			side: 'customer',
			names
		});
		expect(views.map((m) => m.state)).toEqual(['sending', 'sent']);
		expect(views[0]).not.toHaveProperty('reason');
	});

	it('adds refused messages after the transcript as mine, failed, with the reason', () => {
		const failedAt = new Date(2025, 2, 12, 15, 31);
		const views = messageViews({
			messages: [person('a', 'operator')],
			failed: { x: { text: 'too quick', error: 'Slow down a little.', at: failedAt } },
			side: 'customer',
			names
		});
		expect(views).toHaveLength(2);
		expect(views[1]).toEqual({
			id: 'x',
			side: 'me',
			authorName: 'Alice Moreau',
			text: 'too quick',
			at: failedAt,
			state: 'failed',
			reason: 'Slow down a little.'
		});
	});

	it('names a refused message of the operator side after the operator', () => {
		const [view] = messageViews({
			messages: [],
			failed: { x: { text: 'hello', error: 'The chat has ended.', at: AT } },
			side: 'operator',
			names
		});
		expect(view?.authorName).toBe('Luna Vega');
	});

	it('shows a refused message once when its retry reached the transcript', () => {
		const views = messageViews({
			messages: [person('x', 'customer', 'hello')],
			failed: { x: { text: 'hello', error: 'Offline.', at: AT } },
			side: 'customer',
			names
		});
		expect(views).toHaveLength(1);
		expect(views[0]?.state).toBe('sent');
	});

	it('shows nobody as me when this person is on neither side', () => {
		const views = messageViews({
			messages: [person('a', 'customer'), person('b', 'operator'), started],
			failed: {},
			side: null,
			names
		});
		expect(views.map((m) => m.side)).toEqual(['them', 'them', 'system']);
	});
});
