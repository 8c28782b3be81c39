/**
 * Counts the Firestore reads and writes of one browser page from the traffic its web SDK
 * exchanges with the Firestore emulator, the way Firestore bills them. Pure: fed with what the
 * page sent and received (see ops-meter.ts for how it is captured), so it is unit-tested with
 * recorded traffic (webchannel-meter.test.ts).
 *
 * The web SDK speaks WebChannel over HTTP: a Listen channel and a Write channel, whose requests
 * are form posts (`req0___data__=<JSON>`) and whose responses are frames `<length>\n<JSON>`, each
 * frame an array of `[arrayId, [message]]`; transactions and aggregations use plain JSON RPCs
 * (`documents:commit`, `:batchGet`, `:runQuery`, `:runAggregationQuery`).
 *
 * Billing, as Firestore documents it:
 *   listener   one read per document added to a target's result or changed in it (each target
 *              counts on its own; a document the emulator sends again at a version the listener
 *              already has is not a change), one per document that left the result other than by
 *              being deleted; one read for a query whose first result is empty (not for a target
 *              resumed with a resume token, which costs only what changed since)
 *   write      one write per document written or deleted, counted when the server acknowledges
 *              the batch (a write the rules refuse is not billed)
 *   get / RPC  one read per document returned (missing documents of a batch get count too), one
 *              for an empty query result
 * Each counted unit is reported with its document path and version, and with a `background`
 * reason when it is a periodic cost rather than the effect of an action (a heartbeat write: a
 * control panel's `heartbeatAt` update, a chat window's `seenAt` merge). `linkedReasons` then
 * puts apart the listener reads of versions those heartbeats wrote, and removals of deleted
 * documents (not billed).
 */

export type Via = 'listen' | 'write' | 'rpc';

export interface CountedOp {
	kind: 'read' | 'write';
	/** Document path relative to the database (an empty query: `<collection>/(empty)`). */
	path: string;
	via: Via;
	/** The document version read or written (its updateTime), when known. */
	version?: string;
	/** A read for a document that left a listener's result. */
	left?: boolean;
	/** A write that deleted the document. */
	deleted?: boolean;
	/** Set when the operation is not an action's effect: a periodic cost, or not billed. */
	background?: string;
}

/**
 * Reasons that need the operations of every page and of the server together, decided once all
 * are in: a listener read of a document version that a heartbeat wrote is a periodic cost too,
 * and a document that left a listener's result because it was deleted is not billed. Returns the
 * reason for each operation that has one (by index).
 */
export function linkedReasons(ops: (CountedOp & { t: number })[]): Map<number, string> {
	const heartbeatVersions = new Map<string, string>();
	const deletedAt = new Map<string, number>();
	for (const op of ops) {
		if (op.kind !== 'write') continue;
		if (op.background && op.version)
			heartbeatVersions.set(`${op.path}@${op.version}`, op.background);
		if (op.deleted) deletedAt.set(op.path, Math.min(deletedAt.get(op.path) ?? Infinity, op.t));
	}
	const reasons = new Map<number, string>();
	ops.forEach((op, i) => {
		if (op.background) return reasons.set(i, op.background);
		if (op.kind !== 'read') return;
		if (op.version && heartbeatVersions.has(`${op.path}@${op.version}`)) {
			reasons.set(i, `listener saw a ${heartbeatVersions.get(`${op.path}@${op.version}`)}`);
		} else if (op.left && (deletedAt.get(op.path) ?? Infinity) <= op.t + 5000) {
			reasons.set(i, 'not billed: left a listener because deleted');
		}
	});
	return reasons;
}

type Json = Record<string, unknown>;
interface Document {
	name?: string;
	fields?: Json;
}
interface WriteProto {
	update?: Document;
	delete?: string;
	updateMask?: { fieldPaths?: string[] };
	updateTransforms?: { fieldPath?: string }[];
	transform?: { document?: string };
}

/** `projects/p/databases/d/documents/a/b` → `a/b`. */
export function relativePath(name: string): string {
	const i = name.indexOf('/documents/');
	return i >= 0 ? name.slice(i + '/documents/'.length) : name;
}

/** `sessions/abc/messages/def` → `sessions/*\/messages/*` (collection names kept, ids starred). */
export function pathPattern(path: string): string {
	return path
		.split('/')
		.map((part, i) => (i % 2 === 1 && part !== '(empty)' ? '*' : part))
		.join('/');
}

/** Splits a WebChannel response body into its complete frames; returns them and the rest. */
export function splitFrames(buffer: string): { frames: unknown[]; rest: string } {
	const frames: unknown[] = [];
	let at = 0;
	for (;;) {
		const newline = buffer.indexOf('\n', at);
		if (newline < 0) break;
		const header = buffer.slice(at, newline).trim();
		if (!/^\d+$/.test(header)) {
			// Not a length-prefixed body (a plain JSON answer): nothing to split.
			return { frames, rest: '' };
		}
		const length = Number(header);
		const start = newline + 1;
		if (buffer.length < start + length) break;
		const text = buffer.slice(start, start + length);
		try {
			frames.push(JSON.parse(text));
		} catch {
			// A frame we cannot read is skipped, not guessed at.
		}
		at = start + length;
	}
	return { frames, rest: buffer.slice(at) };
}

/** The Firestore messages of a WebChannel frame (`[[id, [message]], …]`), noops left out. */
export function messagesOf(frame: unknown): Json[] {
	if (!Array.isArray(frame)) return [];
	const out: Json[] = [];
	for (const entry of frame) {
		if (!Array.isArray(entry) || !Array.isArray(entry[1])) continue;
		const data = entry[1][0] as unknown;
		if (data && typeof data === 'object' && !Array.isArray(data)) out.push(data as Json);
		else if (Array.isArray(data) && data[0] && typeof data[0] === 'object') {
			out.push(data[0] as Json);
		}
	}
	return out;
}

/** The JSON messages of a WebChannel forward request body (`reqN___data__` form fields). */
export function requestMessages(body: string | null): Json[] {
	if (!body) return [];
	const params = new URLSearchParams(body);
	const out: { n: number; message: Json }[] = [];
	for (const [key, value] of params) {
		const m = /^req(\d+)___data__$/.exec(key);
		if (!m) continue;
		try {
			out.push({ n: Number(m[1]), message: JSON.parse(value) as Json });
		} catch {
			// Unreadable: skipped.
		}
	}
	return out.sort((a, b) => a.n - b.n).map((o) => o.message);
}

function channelOf(url: string): 'Listen' | 'Write' | null {
	const m = /google\.firestore\.v1\.Firestore\/(Listen|Write)\/channel/.exec(url);
	return m ? (m[1] as 'Listen' | 'Write') : null;
}

function rpcOf(url: string): string | null {
	const m = /\/documents:(commit|batchGet|runQuery|runAggregationQuery)\b/.exec(url);
	return m ? m[1]! : null;
}

/** True for any request of the web SDK to Firestore (channels and RPCs). */
export function isFirestoreUrl(url: string): boolean {
	return channelOf(url) !== null || rpcOf(url) !== null;
}

function writePath(w: WriteProto): string {
	return relativePath(w.update?.name ?? w.delete ?? w.transform?.document ?? '?');
}

/** Why a client write is a periodic cost, or undefined when it is an action's effect. */
export function heartbeatWrite(w: WriteProto): string | undefined {
	if (!w.update || !w.updateMask) return undefined;
	const touched = new Set([
		...(w.updateMask.fieldPaths ?? []),
		...(w.updateTransforms ?? []).map((t) => t.fieldPath ?? '')
	]);
	const path = pathPattern(writePath(w));
	const only = (...fields: string[]) =>
		touched.size === fields.length && fields.every((f) => touched.has(f));
	if (path === 'panels/*' && only('heartbeatAt')) return 'panel heartbeat';
	if (path === 'sessions/*/parties/*' && only('role', 'seenAt')) return 'chat window heartbeat';
	return undefined;
}

function describeTarget(addTarget: Json): string {
	const query = addTarget.query as
		{ parent?: string; structuredQuery?: { from?: { collectionId?: string }[] } } | undefined;
	if (query) {
		const parent = relativePath(query.parent ?? '');
		const from = query.structuredQuery?.from?.[0]?.collectionId ?? '?';
		return parent && !parent.endsWith('/documents') ? `${parent}/${from}` : from;
	}
	const docs = (addTarget.documents as { documents?: string[] } | undefined)?.documents ?? [];
	return docs.length === 1 ? relativePath(docs[0]!) : 'documents';
}

/**
 * The SDK numbers its own listeners' targets even and the targets it opens to resolve documents
 * it lost track of ("limbo") odd. Limbo lookups follow the emulator's resets (the service sends
 * a delete or a change instead), so they are listed apart, not added to an action.
 */
export const LIMBO = 'limbo lookup after an emulator reset';

/** What a listener knows of a document: its version. */
interface Known {
	version: string;
}

interface TargetState {
	/** The query (or documents) listened to, as sent: the same query re-listened has the same key. */
	key: string;
	description: string;
	resumed: boolean;
	current: boolean;
	/** The result as the server described it: path → version. */
	docs: Map<string, Known>;
	/** During a reset: the result before it, to tell re-sent documents from changed ones. */
	before: Map<string, Known> | null;
}

/**
 * One page's meter. Feed it every Firestore request (`request`) and every piece of response
 * text as it arrives (`response`, per request id); it calls `count` for every billed operation.
 *
 * The emulator answers a listener's every change with a reset and the whole result again (the
 * real service sends only what changed), and a resumed listener with everything too. So a
 * listener's document is billed only when it is new to the listener or its version changed: a
 * document re-sent at the version the listener already has is free, as it is in production. A
 * query listened again with a resume token starts from what the page last knew of that query.
 */
export class WebChannelMeter {
	private readonly buffers = new Map<number, string>();
	private readonly urls = new Map<number, string>();
	private readonly bodies = new Map<number, string | null>();
	private readonly targets = new Map<number, TargetState>();
	/** The last result known for each query (kept after the listener goes, for its resume). */
	private readonly known = new Map<string, Map<string, Known>>();
	/** Write batches sent on the Write channel, waiting for the server's acknowledgement. */
	private pendingWrites: WriteProto[][] = [];
	/** Writes the server acknowledged (writeResults), for the cross-check with `writesCounted`. */
	acknowledgedWrites = 0;
	writesCounted = 0;
	/** Acknowledgements that matched no sent batch, or a batch of another size. */
	mismatches = 0;

	constructor(private readonly count: (op: CountedOp) => void) {}

	request(id: number, url: string, body: string | null) {
		this.urls.set(id, url);
		this.bodies.set(id, body);
		const channel = channelOf(url);
		if (channel === 'Listen') {
			for (const m of requestMessages(body)) {
				const add = m.addTarget as Json | undefined;
				if (add && typeof add.targetId === 'number') {
					const key = JSON.stringify(add.query ?? add.documents ?? null);
					const resumed = Boolean(add.resumeToken) || Boolean(add.readTime);
					this.targets.set(add.targetId, {
						key,
						description: describeTarget(add),
						resumed,
						current: false,
						docs: new Map(resumed ? (this.known.get(key) ?? []) : []),
						before: null
					});
				}
			}
		} else if (channel === 'Write') {
			for (const m of requestMessages(body)) {
				if (Array.isArray(m.writes)) this.pendingWrites.push(m.writes as WriteProto[]);
				else if (m.database && !m.streamToken) this.pendingWrites = []; // a new stream
			}
		}
	}

	response(id: number, text: string, done = false) {
		const url = this.urls.get(id) ?? '';
		const buffer = (this.buffers.get(id) ?? '') + text;
		if (rpcOf(url)) {
			// A plain JSON answer: read it whole.
			if (done) {
				this.buffers.delete(id);
				this.rpc(rpcOf(url)!, this.bodies.get(id) ?? null, buffer);
			} else {
				this.buffers.set(id, buffer);
			}
			return;
		}
		const channel = channelOf(url);
		const { frames, rest } = splitFrames(buffer);
		if (done) this.buffers.delete(id);
		else this.buffers.set(id, rest);
		for (const frame of frames) {
			for (const message of messagesOf(frame)) {
				if (channel === 'Listen') this.listen(message);
				else if (channel === 'Write') this.written(message);
			}
		}
		if (done) {
			this.urls.delete(id);
			this.bodies.delete(id);
		}
	}

	private emit(op: CountedOp) {
		if (op.kind === 'write') this.writesCounted++;
		this.count(op);
	}

	private listen(m: Json) {
		const change = m.targetChange as
			{ targetChangeType?: string; targetIds?: number[] } | undefined;
		if (change) {
			const type = change.targetChangeType ?? 'NO_CHANGE';
			for (const id of change.targetIds ?? []) {
				const target = this.targets.get(id);
				if (!target) continue;
				if (type === 'RESET') {
					target.before ??= target.docs;
					target.docs = new Map();
				} else if (type === 'CURRENT') {
					if (target.before) {
						// Whatever the reset did not send again has left the result.
						for (const path of target.before.keys()) {
							if (!target.docs.has(path)) {
								this.emit({ kind: 'read', path, via: 'listen', left: true });
							}
						}
						target.before = null;
					}
					if (!target.current && target.docs.size === 0 && !target.resumed) {
						this.emit({
							kind: 'read',
							path: `${target.description}/(empty)`,
							via: 'listen',
							...(id % 2 === 1 ? { background: LIMBO } : {})
						});
					}
					target.current = true;
					this.known.set(target.key, target.docs);
				} else if (type === 'REMOVE') {
					this.targets.delete(id);
				}
			}
			return;
		}
		const docChange = m.documentChange as
			| {
					document?: Document & { updateTime?: string };
					targetIds?: number[];
					removedTargetIds?: number[];
			  }
			| undefined;
		if (docChange?.document?.name) {
			const path = relativePath(docChange.document.name);
			const now: Known = {
				version: docChange.document.updateTime ?? JSON.stringify(docChange.document.fields ?? {})
			};
			for (const id of docChange.targetIds ?? []) {
				const target = this.targets.get(id);
				if (!target) continue;
				const before = (target.before ?? target.docs).get(path);
				target.docs.set(path, now);
				if (before && before.version === now.version) continue; // re-sent, unchanged
				this.emit({
					kind: 'read',
					path,
					via: 'listen',
					version: now.version,
					...(id % 2 === 1 ? { background: LIMBO } : {})
				});
			}
			for (const id of docChange.removedTargetIds ?? []) {
				const target = this.targets.get(id);
				if (target?.docs.delete(path)) this.emit({ kind: 'read', path, via: 'listen', left: true });
			}
			return;
		}
		const removed = m.documentRemove as
			{ document?: string; removedTargetIds?: number[] } | undefined;
		if (removed?.document) {
			const path = relativePath(removed.document);
			for (const id of removed.removedTargetIds ?? []) {
				if (this.targets.get(id)?.docs.delete(path)) {
					this.emit({ kind: 'read', path, via: 'listen', left: true });
				}
			}
			return;
		}
		const deleted = m.documentDelete as
			{ document?: string; removedTargetIds?: number[] } | undefined;
		if (deleted?.document) {
			// A deleted document costs its listeners nothing.
			const path = relativePath(deleted.document);
			for (const id of deleted.removedTargetIds ?? []) {
				const target = this.targets.get(id);
				target?.docs.delete(path);
				target?.before?.delete(path);
			}
		}
	}

	private written(m: Json) {
		if (!('commitTime' in m) && !('writeResults' in m)) return; // the handshake's answer
		const results = Array.isArray(m.writeResults) ? m.writeResults.length : 0;
		this.acknowledgedWrites += results;
		const batch = this.pendingWrites.shift();
		if (!batch || batch.length !== results) this.mismatches++;
		if (!batch) {
			for (let i = 0; i < results; i++) this.emit({ kind: 'write', path: '?', via: 'write' });
			return;
		}
		const acks = m.writeResults as { updateTime?: string }[] | undefined;
		batch.forEach((w, i) => {
			const background = heartbeatWrite(w);
			const version = acks?.[i]?.updateTime;
			this.emit({
				kind: 'write',
				path: writePath(w),
				via: 'write',
				...(version ? { version } : {}),
				...(w.delete ? { deleted: true } : {}),
				...(background ? { background } : {})
			});
		});
	}

	private rpc(method: string, body: string | null, text: string) {
		let answer: unknown;
		let request: Json = {};
		try {
			answer = JSON.parse(text);
			request = body ? (JSON.parse(body) as Json) : {};
		} catch {
			return;
		}
		const items = (Array.isArray(answer) ? answer : [answer]) as Json[];
		if (method === 'commit') {
			if (!items[0] || !('commitTime' in items[0])) return; // refused: not billed
			for (const w of (request.writes as WriteProto[] | undefined) ?? []) {
				this.emit({
					kind: 'write',
					path: writePath(w),
					via: 'rpc',
					...(w.delete ? { deleted: true } : {})
				});
			}
		} else if (method === 'batchGet') {
			for (const item of items) {
				const found = (item.found as Document | undefined)?.name;
				const missing = item.missing as string | undefined;
				if (found || missing) {
					this.emit({ kind: 'read', path: relativePath(found ?? missing!), via: 'rpc' });
				}
			}
		} else if (method === 'runQuery') {
			let n = 0;
			for (const item of items) {
				const name = (item.document as Document | undefined)?.name;
				if (name) {
					n++;
					this.emit({ kind: 'read', path: relativePath(name), via: 'rpc' });
				}
			}
			if (n === 0) {
				const from = describeTarget({ query: request as Json });
				this.emit({ kind: 'read', path: `${from}/(empty)`, via: 'rpc' });
			}
		} else if (method === 'runAggregationQuery') {
			for (const item of items) {
				if (item.result) this.emit({ kind: 'read', path: '(aggregation)', via: 'rpc' });
			}
		}
	}
}
