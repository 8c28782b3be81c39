/**
 * The soak's message bookkeeping, checked without the emulators: what each side sent, what
 * Firestore stored, and what the other side's listener received. Every message a person sends
 * carries its sender and a per-sender sequence number in its text (`messageText`), so a message
 * stored twice under two ids, lost, delivered twice or never delivered is found, and so is a
 * sequence with a gap or a repeated number.
 */

/** One message a soak party wrote (setDoc on a client-generated id). */
export interface SentMessage {
	sessionId: string;
	/** The document id the sender chose. */
	id: string;
	sender: string;
	/** The other party of the session, whose listener must receive it. */
	receiver: string;
	seq: number;
}

/** A person's message as stored in `sessions/{sessionId}/messages/{id}`. */
export interface StoredMessage {
	sessionId: string;
	id: string;
	authorUid: string | null;
	text: string;
}

/** One `added` change a party's message listener reported for a message of the other side. */
export interface ReceivedMessage {
	sessionId: string;
	id: string;
	receiver: string;
	text: string;
}

const MARK = /^soak (\S+) #(\d+)(?:\s|$)/;

/** The text of a soak message: sender and sequence number first, then any filler. */
export function messageText(sender: string, seq: number, filler = ''): string {
	return filler ? `soak ${sender} #${seq} ${filler}` : `soak ${sender} #${seq}`;
}

/** Sender and sequence number of a soak message text, or null for any other text. */
export function parseMessageText(text: string): { sender: string; seq: number } | null {
	const m = MARK.exec(text);
	return m ? { sender: m[1]!, seq: Number(m[2]) } : null;
}

export interface Problem {
	kind:
		| 'lost'
		| 'storedTwice'
		| 'storedWrong'
		| 'unexpectedStored'
		| 'notDelivered'
		| 'deliveredTwice'
		| 'unexpectedDelivered'
		| 'seqGap'
		| 'seqDuplicate';
	detail: string;
}

export interface DeliveryReport {
	sent: number;
	stored: number;
	received: number;
	/** Problems by kind (all of them counted; `problems` lists at most `maxListed`). */
	counts: Record<Problem['kind'], number>;
	problems: Problem[];
	/** Messages a listener received after a later message of the same sender (informative). */
	outOfOrder: number;
	ok: boolean;
}

const KINDS: Problem['kind'][] = [
	'lost',
	'storedTwice',
	'storedWrong',
	'unexpectedStored',
	'notDelivered',
	'deliveredTwice',
	'unexpectedDelivered',
	'seqGap',
	'seqDuplicate'
];

function group<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
	const map = new Map<string, T[]>();
	for (const item of items) {
		const k = key(item);
		const list = map.get(k);
		if (list) list.push(item);
		else map.set(k, [item]);
	}
	return map;
}

/** Numbers missing from 1..max (at least 1..upTo) and numbers seen more than once, in a list of sequence numbers. */
export function sequenceProblems(
	seqs: number[],
	upTo = 0
): { gaps: number[]; duplicates: number[] } {
	const seen = new Map<number, number>();
	for (const s of seqs) seen.set(s, (seen.get(s) ?? 0) + 1);
	const max = Math.max(upTo, ...seqs);
	const gaps: number[] = [];
	for (let s = 1; s <= max; s++) if (!seen.has(s)) gaps.push(s);
	const duplicates = [...seen].filter(([, n]) => n > 1).map(([s]) => s);
	return { gaps, duplicates: duplicates.sort((a, b) => a - b) };
}

/**
 * Checks every sent message against storage and against the other side's listener:
 * - stored exactly once (by its id, and no second document with the same sender and number),
 *   in its session, under its sender;
 * - received exactly once by its receiver's listener, in its session;
 * - per sender, the sent, stored and received sequence numbers run 1..n without gaps or repeats
 *   (received: per sender and receiver, against what the sender sent that receiver);
 * - nothing stored or received that nobody sent.
 * `stored` and `received` may contain other lines (system lines, other texts): only soak texts
 * count.
 */
export function checkDelivery(
	sent: SentMessage[],
	stored: StoredMessage[],
	received: ReceivedMessage[],
	maxListed = 50
): DeliveryReport {
	const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as DeliveryReport['counts'];
	const problems: Problem[] = [];
	const flag = (kind: Problem['kind'], detail: string) => {
		counts[kind] += 1;
		if (problems.length < maxListed) problems.push({ kind, detail });
	};
	const label = (m: { sender: string; seq: number; sessionId: string }) =>
		`${m.sender} #${m.seq} (session ${m.sessionId})`;

	const soakStored = stored
		.map((m) => ({ ...m, mark: parseMessageText(m.text) }))
		.filter((m) => m.mark !== null);
	const soakReceived = received
		.map((m) => ({ ...m, mark: parseMessageText(m.text) }))
		.filter((m) => m.mark !== null);

	const sentById = new Map(sent.map((m) => [m.id, m]));
	const storedById = group(soakStored, (m) => m.id);
	const storedByKey = group(soakStored, (m) => `${m.mark!.sender}#${m.mark!.seq}`);
	const receivedByKey = group(soakReceived, (m) => `${m.receiver}|${m.id}`);

	for (const m of sent) {
		const copies = storedByKey.get(`${m.sender}#${m.seq}`) ?? [];
		const own = storedById.get(m.id) ?? [];
		if (own.length === 0) flag('lost', label(m));
		else if (own[0]!.sessionId !== m.sessionId || own[0]!.authorUid !== m.sender) {
			flag('storedWrong', `${label(m)} stored in ${own[0]!.sessionId} as ${own[0]!.authorUid}`);
		}
		if (copies.length > 1) flag('storedTwice', `${label(m)}: ${copies.length} documents`);
		const got = (receivedByKey.get(`${m.receiver}|${m.id}`) ?? []).filter(
			(r) => r.sessionId === m.sessionId
		);
		if (got.length === 0) flag('notDelivered', `${label(m)} to ${m.receiver}`);
		else if (got.length > 1) flag('deliveredTwice', `${label(m)} to ${m.receiver} ×${got.length}`);
	}
	for (const m of soakStored) {
		if (!sentById.has(m.id)) flag('unexpectedStored', `${m.id}: "${m.text.slice(0, 60)}"`);
	}
	for (const r of soakReceived) {
		const s = sentById.get(r.id);
		if (!s || s.receiver !== r.receiver || s.sessionId !== r.sessionId) {
			flag('unexpectedDelivered', `${r.id} to ${r.receiver}: "${r.text.slice(0, 60)}"`);
		}
	}

	// Sequences: sent (the driver numbers 1..n per sender), stored, and per receiver.
	for (const [sender, list] of group(sent, (m) => m.sender)) {
		const own = sequenceProblems(list.map((m) => m.seq));
		for (const s of own.gaps) flag('seqGap', `sent by ${sender}: #${s} missing`);
		for (const s of own.duplicates) flag('seqDuplicate', `sent by ${sender}: #${s} twice`);
	}
	for (const [sender, list] of group(soakStored, (m) => m.mark!.sender)) {
		const sentMax = Math.max(0, ...sent.filter((m) => m.sender === sender).map((m) => m.seq));
		// Sent numbers above the highest stored one count as missing too (a lost tail).
		const p = sequenceProblems(
			list.map((m) => m.mark!.seq),
			sentMax
		);
		for (const s of p.gaps) flag('seqGap', `stored from ${sender}: #${s} missing`);
		for (const s of p.duplicates) flag('seqDuplicate', `stored from ${sender}: #${s} twice`);
	}
	const sentTo = group(sent, (m) => `${m.sender}>${m.receiver}`);
	const receivedFrom = group(soakReceived, (m) => `${m.mark!.sender}>${m.receiver}`);
	let outOfOrder = 0;
	for (const [pair, list] of sentTo) {
		const want = new Set(list.map((m) => m.seq));
		const got = receivedFrom.get(pair) ?? [];
		const seen = new Map<number, number>();
		let highest = 0;
		for (const r of got) {
			const s = r.mark!.seq;
			seen.set(s, (seen.get(s) ?? 0) + 1);
			if (s < highest) outOfOrder += 1;
			highest = Math.max(highest, s);
		}
		for (const s of [...want].sort((a, b) => a - b)) {
			if (!seen.has(s)) flag('seqGap', `received ${pair}: #${s} missing`);
		}
		for (const [s, n] of seen) if (n > 1) flag('seqDuplicate', `received ${pair}: #${s} ×${n}`);
	}

	return {
		sent: sent.length,
		stored: soakStored.length,
		received: soakReceived.length,
		counts,
		problems,
		outOfOrder,
		ok: KINDS.every((k) => counts[k] === 0)
	};
}
