/**
 * The browser-side meter of the operations benchmark, fed with traffic in the exact shapes the
 * web SDK (firebase 12) and the Firestore emulator exchange (recorded from a benchmark run):
 * a known number of documents written and listened to must come out as that many writes and
 * reads, and what Firestore does not bill must not be counted.
 */
import { describe, expect, it } from 'vitest';
import {
	WebChannelMeter,
	linkedReasons,
	pathPattern,
	requestMessages,
	splitFrames,
	type CountedOp
} from './webchannel-meter';

const DB = 'projects/demo-parley-bench/databases/(default)';
const ORIGIN = 'http://127.0.0.1:11380/google.firestore.v1.Firestore';
const LISTEN = `${ORIGIN}/Listen/channel?VER=8&database=${encodeURIComponent(DB)}&RID=rpc&SID=abc%3D%3D&AID=0&CI=0&TYPE=xmlhttp`;
const LISTEN_POST = `${ORIGIN}/Listen/channel?VER=8&database=${encodeURIComponent(DB)}&SID=abc%3D%3D&RID=6032&AID=2`;
const WRITE = `${ORIGIN}/Write/channel?VER=8&database=${encodeURIComponent(DB)}&RID=rpc&SID=def%3D%3D&AID=0&CI=0&TYPE=xmlhttp`;
const WRITE_POST = `${ORIGIN}/Write/channel?VER=8&database=${encodeURIComponent(DB)}&SID=def%3D%3D&RID=6040&AID=2`;

/** A forward-channel body as the SDK posts it: headers, then the messages as form fields. */
function post(...messages: unknown[]): string {
	const form = new URLSearchParams();
	form.set('headers', 'X-Goog-Api-Client:gl-js/ fire/12.19.0\r\nContent-Type:text/plain\r\n');
	form.set('count', String(messages.length));
	form.set('ofs', '0');
	messages.forEach((m, i) => form.set(`req${i}___data__`, JSON.stringify(m)));
	return form.toString();
}

/** A back-channel body: each message its own length-prefixed frame, as the emulator sends. */
let arrayId = 0;
function frames(...messages: unknown[]): string {
	return messages
		.map((m) => {
			const json = JSON.stringify([[++arrayId, [m]]]);
			return `${json.length}\n${json}`;
		})
		.join('');
}

const doc = (path: string, updateTime: string, fields: Record<string, unknown> = {}) => ({
	name: `${DB}/documents/${path}`,
	fields,
	createTime: '2026-11-25T01:29:42.000000Z',
	updateTime
});

function meter() {
	const ops: CountedOp[] = [];
	const m = new WebChannelMeter((op) => ops.push(op));
	let id = 0;
	return {
		ops,
		m,
		reads: () => ops.filter((o) => o.kind === 'read' && !o.background),
		writes: () => ops.filter((o) => o.kind === 'write' && !o.background),
		send(url: string, body: string | null) {
			m.request(++id, url, body);
		},
		/** A response arriving in arbitrary pieces (the stream is cut where the network cuts it). */
		receive(url: string, text: string, pieces = 3) {
			const rid = ++id;
			m.request(rid, url, null);
			const size = Math.ceil(text.length / pieces);
			for (let at = 0; at < text.length; at += size) m.response(rid, text.slice(at, at + size));
			m.response(rid, '', true);
		}
	};
}

describe('WebChannel framing', () => {
	it('splits length-prefixed frames and keeps an incomplete one for later', () => {
		const body = frames({ a: 1 }, { b: 2 });
		const cut = body.length - 3;
		const first = splitFrames(body.slice(0, cut));
		expect(first.frames).toHaveLength(1);
		const second = splitFrames(first.rest + body.slice(cut));
		expect(second.frames).toHaveLength(1);
		expect(second.rest).toBe('');
	});

	it('reads the messages of a forward request', () => {
		expect(requestMessages(post({ database: DB }, { removeTarget: 4 }))).toEqual([
			{ database: DB },
			{ removeTarget: 4 }
		]);
	});

	it('names documents by collection', () => {
		expect(pathPattern('sessions/abc/messages/def')).toBe('sessions/*/messages/*');
		expect(pathPattern('requests/(empty)')).toBe('requests/(empty)');
	});
});

describe('writes', () => {
	it('counts each document of an acknowledged batch once, and heartbeats apart', () => {
		const t = meter();
		t.send(WRITE_POST, post({ database: DB })); // a new stream's handshake
		t.receive(WRITE, frames({ streamId: '2', streamToken: 'MA==' }) + '14\n[[9,["noop"]]]');
		t.send(
			WRITE_POST,
			post({
				streamToken: 'MA==',
				writes: ['items/a', 'items/b', 'items/c'].map((p) => ({
					update: { name: `${DB}/documents/${p}`, fields: { n: { integerValue: '1' } } }
				}))
			})
		);
		t.receive(
			WRITE,
			frames({
				streamToken: 'MQ==',
				writeResults: [{}, {}, {}].map(() => ({ updateTime: '2026-11-25T01:29:42.126287Z' })),
				commitTime: '2026-11-25T01:29:42.126287Z'
			})
		);
		// A control panel's heartbeat: an update of heartbeatAt alone.
		t.send(
			WRITE_POST,
			post({
				streamToken: 'MQ==',
				writes: [
					{
						update: { name: `${DB}/documents/panels/p1`, fields: {} },
						updateMask: { fieldPaths: [] },
						updateTransforms: [{ fieldPath: 'heartbeatAt', setToServerValue: 'REQUEST_TIME' }],
						currentDocument: { exists: true }
					}
				]
			})
		);
		t.receive(WRITE, frames({ streamToken: 'Mg==', writeResults: [{}], commitTime: 'x' }));
		expect(t.writes().map((o) => o.path)).toEqual(['items/a', 'items/b', 'items/c']);
		expect(t.ops.filter((o) => o.background === 'panel heartbeat')).toHaveLength(1);
		expect(t.m.acknowledgedWrites).toBe(4);
		expect(t.m.mismatches).toBe(0);
	});

	it('does not bill a batch the server never acknowledged (a new stream drops it)', () => {
		const t = meter();
		t.send(WRITE_POST, post({ streamToken: 'MA==', writes: [{ delete: `${DB}/documents/x/y` }] }));
		t.send(WRITE_POST, post({ database: DB }));
		expect(t.writes()).toHaveLength(0);
	});
});

describe('listeners', () => {
	const items = {
		parent: `${DB}/documents`,
		structuredQuery: { from: [{ collectionId: 'items' }] }
	};

	it('bills documents new or changed in a target, not the emulator re-sending them', () => {
		const t = meter();
		t.send(LISTEN_POST, post({ database: DB, addTarget: { query: items, targetId: 2 } }));
		t.receive(
			LISTEN,
			frames(
				{ targetChange: { targetChangeType: 'ADD', targetIds: [2] } },
				...['a', 'b', 'c'].map((id) => ({
					documentChange: { document: doc(`items/${id}`, 'v1'), targetIds: [2] }
				})),
				{ targetChange: { targetChangeType: 'CURRENT', targetIds: [2], resumeToken: 'AQ==' } }
			)
		);
		expect(t.reads()).toHaveLength(3);

		// One document changes: the emulator resets the target and sends all three again.
		t.receive(
			LISTEN,
			frames(
				{ targetChange: { targetChangeType: 'RESET', targetIds: [2] } },
				{ documentChange: { document: doc('items/a', 'v1'), targetIds: [2] } },
				{ documentChange: { document: doc('items/b', 'v2'), targetIds: [2] } },
				{ documentChange: { document: doc('items/c', 'v1'), targetIds: [2] } },
				{ targetChange: { targetChangeType: 'CURRENT', targetIds: [2] } },
				{ targetChange: { resumeToken: 'Ag==', readTime: 'x' } }
			)
		);
		expect(t.reads()).toHaveLength(4);
		expect(t.reads()[3]!.path).toBe('items/b');

		// A reset that leaves c out: c left the result (it changed and no longer matches).
		t.receive(
			LISTEN,
			frames(
				{ targetChange: { targetChangeType: 'RESET', targetIds: [2] } },
				{ documentChange: { document: doc('items/a', 'v1'), targetIds: [2] } },
				{ documentChange: { document: doc('items/b', 'v2'), targetIds: [2] } },
				{ targetChange: { targetChangeType: 'CURRENT', targetIds: [2] } }
			)
		);
		expect(t.reads().map((o) => o.path)).toEqual([
			'items/a',
			'items/b',
			'items/c',
			'items/b',
			'items/c'
		]);
	});

	it('bills one read for an empty result, nothing for a deleted document', () => {
		const t = meter();
		const none = {
			parent: `${DB}/documents/sessions/s1`,
			structuredQuery: { from: [{ collectionId: 'locks' }] }
		};
		t.send(LISTEN_POST, post({ addTarget: { query: none, targetId: 4 } }));
		t.receive(
			LISTEN,
			frames(
				{ targetChange: { targetChangeType: 'ADD', targetIds: [4] } },
				{ targetChange: { targetChangeType: 'CURRENT', targetIds: [4] } }
			)
		);
		expect(t.reads().map((o) => o.path)).toEqual(['sessions/s1/locks/(empty)']);
		t.receive(
			LISTEN,
			frames(
				{ documentChange: { document: doc('sessions/s1/locks/l1', 'v1'), targetIds: [4] } },
				{
					documentDelete: {
						document: `${DB}/documents/sessions/s1/locks/l1`,
						removedTargetIds: [4]
					}
				}
			)
		);
		expect(t.reads()).toHaveLength(2);
	});

	it('bills a query listened again with a resume token only for what changed since', () => {
		const t = meter();
		t.send(LISTEN_POST, post({ addTarget: { query: items, targetId: 2 } }));
		t.receive(
			LISTEN,
			frames(
				{ documentChange: { document: doc('items/a', 'v1'), targetIds: [2] } },
				{ documentChange: { document: doc('items/b', 'v1'), targetIds: [2] } },
				{ targetChange: { targetChangeType: 'CURRENT', targetIds: [2] } }
			)
		);
		t.send(LISTEN_POST, post({ removeTarget: 2 }));
		t.receive(LISTEN, frames({ targetChange: { targetChangeType: 'REMOVE', targetIds: [2] } }));
		t.send(LISTEN_POST, post({ addTarget: { query: items, targetId: 6, resumeToken: 'Ag==' } }));
		t.receive(
			LISTEN,
			frames(
				{ targetChange: { targetChangeType: 'RESET', targetIds: [6] } },
				{ documentChange: { document: doc('items/a', 'v1'), targetIds: [6] } },
				{ documentChange: { document: doc('items/b', 'v3'), targetIds: [6] } },
				{ targetChange: { targetChangeType: 'CURRENT', targetIds: [6] } }
			)
		);
		expect(t.reads().map((o) => o.path)).toEqual(['items/a', 'items/b', 'items/b']);
		// The same query without a resume token is a new query: everything again.
		t.send(LISTEN_POST, post({ addTarget: { query: items, targetId: 8 } }));
		t.receive(
			LISTEN,
			frames(
				{ documentChange: { document: doc('items/a', 'v1'), targetIds: [8] } },
				{ documentChange: { document: doc('items/b', 'v3'), targetIds: [8] } },
				{ targetChange: { targetChangeType: 'CURRENT', targetIds: [8] } }
			)
		);
		expect(t.reads()).toHaveLength(5);
	});

	it('puts apart the reads of versions a heartbeat wrote, deleted documents, and limbo lookups', () => {
		const writer = meter();
		const reader = meter();
		const parties = {
			parent: `${DB}/documents/sessions/s1`,
			structuredQuery: { from: [{ collectionId: 'parties' }] }
		};
		const party = `${DB}/documents/sessions/s1/parties/u1`;
		reader.send(LISTEN_POST, post({ addTarget: { query: parties, targetId: 2 } }));
		reader.receive(
			LISTEN,
			frames(
				{ documentChange: { document: doc('sessions/s1/parties/u1', 'v1'), targetIds: [2] } },
				{ targetChange: { targetChangeType: 'CURRENT', targetIds: [2] } }
			)
		);
		// The writer's window beats (a merge of role and seenAt), then marks typing (a full set).
		writer.send(
			WRITE_POST,
			post({
				streamToken: 'MA==',
				writes: [
					{
						update: { name: party, fields: { role: { stringValue: 'customer' } } },
						updateMask: { fieldPaths: ['role'] },
						updateTransforms: [{ fieldPath: 'seenAt', setToServerValue: 'REQUEST_TIME' }]
					}
				]
			})
		);
		writer.receive(WRITE, frames({ writeResults: [{ updateTime: 'v2' }], commitTime: 'v2' }));
		writer.send(
			WRITE_POST,
			post({ streamToken: 'MQ==', writes: [{ update: { name: party, fields: {} } }] })
		);
		writer.receive(WRITE, frames({ writeResults: [{ updateTime: 'v3' }], commitTime: 'v3' }));
		reader.receive(
			LISTEN,
			frames(
				{ targetChange: { targetChangeType: 'RESET', targetIds: [2] } },
				{ documentChange: { document: doc('sessions/s1/parties/u1', 'v2'), targetIds: [2] } },
				{ targetChange: { targetChangeType: 'CURRENT', targetIds: [2] } },
				{ targetChange: { targetChangeType: 'RESET', targetIds: [2] } },
				{ documentChange: { document: doc('sessions/s1/parties/u1', 'v3'), targetIds: [2] } },
				{ targetChange: { targetChangeType: 'CURRENT', targetIds: [2] } }
			)
		);
		// The server deletes it at the end of the chat; the reset leaves it out; the SDK looks it
		// up on an odd (limbo) target and finds nothing.
		const end = {
			kind: 'write' as const,
			path: 'sessions/s1/parties/u1',
			via: 'rpc' as const,
			deleted: true
		};
		reader.receive(
			LISTEN,
			frames(
				{ targetChange: { targetChangeType: 'RESET', targetIds: [2] } },
				{ targetChange: { targetChangeType: 'CURRENT', targetIds: [2] } }
			)
		);
		reader.send(
			LISTEN_POST,
			post({ addTarget: { documents: { documents: [party] }, targetId: 3 } })
		);
		reader.receive(
			LISTEN,
			frames({ targetChange: { targetChangeType: 'CURRENT', targetIds: [3] } })
		);

		const all = [...writer.ops, end, ...reader.ops].map((op, t) => ({ ...op, t }));
		const reasons = linkedReasons(all);
		const billed = all.filter((_, i) => !reasons.has(i));
		expect(billed.map((o) => `${o.kind} ${'version' in o ? (o.version ?? '') : ''}`)).toEqual([
			'write v3', // the typing mark
			'write ', // the server's delete
			'read v1', // first sight
			'read v3' // the typing mark seen
		]);
		expect([...reasons.values()].sort()).toEqual([
			'chat window heartbeat',
			'limbo lookup after an emulator reset',
			'listener saw a chat window heartbeat',
			'not billed: left a listener because deleted'
		]);
	});
});

describe('RPCs (transactions)', () => {
	const RPC = `http://127.0.0.1:11380/v1/${DB}/documents`;

	it('bills found and missing documents of a batch get, and a commit per document', () => {
		const t = meter();
		t.send(`${RPC}:batchGet`, JSON.stringify({ documents: ['x'] }));
		t.m.response(
			1,
			JSON.stringify([{ found: doc('items/a', 'v1') }, { missing: `${DB}/documents/items/z` }]),
			true
		);
		t.send(`${RPC}:commit`, JSON.stringify({ writes: [{ delete: `${DB}/documents/items/a` }] }));
		t.m.response(2, JSON.stringify({ commitTime: 'x', writeResults: [{}] }), true);
		expect(t.reads().map((o) => o.path)).toEqual(['items/a', 'items/z']);
		expect(t.writes().map((o) => o.path)).toEqual(['items/a']);
	});
});
