import { describe, expect, it } from 'vitest';
import {
	checkDelivery,
	messageText,
	parseMessageText,
	sequenceProblems,
	type ReceivedMessage,
	type SentMessage,
	type StoredMessage
} from './check';

/** A clean run: `n` messages each way in one session between a customer and an operator. */
function conversation(n: number) {
	const sent: SentMessage[] = [];
	for (let seq = 1; seq <= n; seq++) {
		sent.push({ sessionId: 's1', id: `c${seq}`, sender: 'cust', receiver: 'op', seq });
		sent.push({ sessionId: 's1', id: `o${seq}`, sender: 'op', receiver: 'cust', seq });
	}
	const text = (m: SentMessage) => messageText(m.sender, m.seq, 'hello there');
	const stored: StoredMessage[] = sent.map((m) => ({
		sessionId: m.sessionId,
		id: m.id,
		authorUid: m.sender,
		text: text(m)
	}));
	stored.push({
		sessionId: 's1',
		id: 'system-started',
		authorUid: null,
		text: 'The chat started.'
	});
	const received: ReceivedMessage[] = sent.map((m) => ({
		sessionId: m.sessionId,
		id: m.id,
		receiver: m.receiver,
		text: text(m)
	}));
	return { sent, stored, received };
}

describe('soak message texts', () => {
	it('carry the sender and the sequence number', () => {
		expect(parseMessageText(messageText('u1', 42, 'a b c'))).toEqual({ sender: 'u1', seq: 42 });
		expect(parseMessageText(messageText('u1', 7))).toEqual({ sender: 'u1', seq: 7 });
		expect(parseMessageText('soak u1 #12x')).toBeNull();
		expect(parseMessageText('The chat started.')).toBeNull();
	});
});

describe('sequenceProblems', () => {
	it('finds gaps and repeats', () => {
		expect(sequenceProblems([1, 2, 3])).toEqual({ gaps: [], duplicates: [] });
		expect(sequenceProblems([1, 3, 3, 5])).toEqual({ gaps: [2, 4], duplicates: [3] });
		expect(sequenceProblems([2, 1], 4)).toEqual({ gaps: [3, 4], duplicates: [] });
		expect(sequenceProblems([])).toEqual({ gaps: [], duplicates: [] });
	});
});

describe('checkDelivery', () => {
	it('passes a clean run, ignoring system lines', () => {
		const { sent, stored, received } = conversation(5);
		const r = checkDelivery(sent, stored, received);
		expect(r.ok).toBe(true);
		expect(r).toMatchObject({ sent: 10, stored: 10, received: 10, outOfOrder: 0 });
	});

	it('detects a message missing from storage (a gap in the stored sequence)', () => {
		const { sent, stored, received } = conversation(5);
		const r = checkDelivery(
			sent,
			stored.filter((m) => m.id !== 'c3'),
			received
		);
		expect(r.ok).toBe(false);
		expect(r.counts.lost).toBe(1);
		expect(r.problems).toContainEqual({ kind: 'seqGap', detail: 'stored from cust: #3 missing' });
	});

	it('detects a lost tail of a sequence', () => {
		const { sent, stored, received } = conversation(5);
		const r = checkDelivery(
			sent,
			stored.filter((m) => m.id !== 'o5'),
			received
		);
		expect(r.counts.lost).toBe(1);
		expect(r.problems).toContainEqual({ kind: 'seqGap', detail: 'stored from op: #5 missing' });
	});

	it('detects a message stored twice under another id', () => {
		const { sent, stored, received } = conversation(3);
		stored.push({ ...stored.find((m) => m.id === 'o2')!, id: 'o2-copy' });
		const r = checkDelivery(sent, stored, received);
		expect(r.ok).toBe(false);
		expect(r.counts.storedTwice).toBe(1);
		expect(r.counts.unexpectedStored).toBe(1);
		expect(r.counts.seqDuplicate).toBe(1);
	});

	it('detects a message delivered twice to the other side', () => {
		const { sent, stored, received } = conversation(3);
		received.push({ ...received.find((m) => m.id === 'c2')! });
		const r = checkDelivery(sent, stored, received);
		expect(r.ok).toBe(false);
		expect(r.counts.deliveredTwice).toBe(1);
		expect(r.problems).toContainEqual({ kind: 'seqDuplicate', detail: 'received cust>op: #2 ×2' });
	});

	it('detects a message never delivered (a gap in what the listener got)', () => {
		const { sent, stored, received } = conversation(3);
		const r = checkDelivery(
			sent,
			stored,
			received.filter((m) => m.id !== 'o1')
		);
		expect(r.counts.notDelivered).toBe(1);
		expect(r.problems).toContainEqual({ kind: 'seqGap', detail: 'received op>cust: #1 missing' });
	});

	it('detects a delivery to the wrong party or session', () => {
		const { sent, stored, received } = conversation(2);
		received.push({ sessionId: 's2', id: 'c1', receiver: 'op', text: messageText('cust', 1) });
		const r = checkDelivery(sent, stored, received);
		expect(r.counts.unexpectedDelivered).toBe(1);
		expect(r.ok).toBe(false);
	});

	it('detects gaps and repeats in what a sender numbered', () => {
		const { sent, stored, received } = conversation(2);
		sent.push({ sessionId: 's1', id: 'c4', sender: 'cust', receiver: 'op', seq: 4 });
		sent.push({ sessionId: 's1', id: 'c4b', sender: 'cust', receiver: 'op', seq: 4 });
		const r = checkDelivery(sent, stored, received);
		expect(r.problems).toContainEqual({ kind: 'seqGap', detail: 'sent by cust: #3 missing' });
		expect(r.problems).toContainEqual({ kind: 'seqDuplicate', detail: 'sent by cust: #4 twice' });
	});

	it('counts messages received out of order without failing', () => {
		const { sent, stored, received } = conversation(3);
		const fromCust = received.filter((m) => m.receiver === 'op').reverse();
		const r = checkDelivery(sent, stored, [
			...received.filter((m) => m.receiver === 'cust'),
			...fromCust
		]);
		expect(r.outOfOrder).toBe(2);
		expect(r.ok).toBe(true);
	});
});
