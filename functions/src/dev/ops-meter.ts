/**
 * Emulator-only meter of the Admin SDK's Firestore reads and writes, for the operations benchmark
 * (bench/ops.bench.ts). It is installed only when the Functions emulator runs the functions and
 * PARLEY_OPS_METER_FILE names a file (see lib/admin.ts); in production neither is true and this
 * module is never used.
 *
 * It wraps the SDK's request layer (`Firestore.prototype.request` / `requestStream`), below every
 * get, query, transaction and batch, and counts the way Firestore bills:
 *   commit / batchWrite       one write per document written, updated or deleted
 *   batchGetDocuments         one read per document asked for (found, or missing)
 *   runQuery                  one read per document returned; one for an empty result
 *   runAggregationQuery       one read per aggregation result
 * Each request appends one JSON line to the file (function name, document paths), so several
 * worker processes can share it. The file's lines are the record; nothing is kept in memory.
 */
import { appendFileSync } from 'node:fs';
import { Firestore } from 'firebase-admin/firestore';
import { devOnly } from './dev-only.js';

export interface MeterLine {
	/** Epoch milliseconds when the request finished. */
	t: number;
	side: 'server';
	/** The function whose code made the request (FUNCTION_TARGET in the Functions emulator). */
	fn: string;
	/** The RPC: commit, batchWrite, batchGetDocuments, runQuery, runAggregationQuery. */
	op: string;
	/** One path per billed read (an empty query's read: `<collection path>/(empty)`). */
	reads: string[];
	/** One path per billed write. */
	writes: string[];
	/** The paths among `writes` that were deletes. */
	deletes: string[];
}

type Doc = { name?: string | null } | null | undefined;
type Write = {
	update?: Doc;
	delete?: string | null;
	transform?: { document?: string | null } | null;
};
type AnyRequest = {
	writes?: Write[];
	parent?: string;
	structuredQuery?: { from?: { collectionId?: string }[] };
	structuredAggregationQuery?: { structuredQuery?: { from?: { collectionId?: string }[] } };
};
type AnyResponse = {
	found?: Doc;
	missing?: string | null;
	document?: Doc;
	result?: unknown;
};

const INSTALLED = Symbol.for('parley.opsMeter');

/** `projects/p/databases/d/documents/a/b` → `a/b`. */
export function relativePath(name: string): string {
	const i = name.indexOf('/documents/');
	return i >= 0 ? name.slice(i + '/documents/'.length) : name;
}

function queriedCollection(request: AnyRequest): string {
	const parent = relativePath(request.parent ?? '');
	const from =
		request.structuredQuery?.from?.[0]?.collectionId ??
		request.structuredAggregationQuery?.structuredQuery?.from?.[0]?.collectionId ??
		'?';
	const base = parent.endsWith('/documents') || parent === '' ? '' : `${parent}/`;
	return `${base}${from}`;
}

/** The billed writes of a commit or batchWrite request, one path each. */
export function writesOf(request: AnyRequest): string[] {
	return (request.writes ?? []).map((w) =>
		relativePath(w.update?.name ?? w.delete ?? w.transform?.document ?? '?')
	);
}

/**
 * Patches the Admin SDK's Firestore class so every request of this process is counted into
 * `file`. Idempotent. Returns a function that removes the patch (for tests).
 */
export function installOpsMeter(file: string, fn = 'unknown'): () => void {
	const proto = Firestore.prototype as unknown as Record<PropertyKey, unknown> & {
		request: (method: string, request: AnyRequest, ...rest: unknown[]) => Promise<unknown>;
		requestStream: (
			method: string,
			bidirectional: unknown,
			request: AnyRequest,
			...rest: unknown[]
		) => Promise<NodeJS.ReadWriteStream & { emit: (event: string, ...args: unknown[]) => boolean }>;
	};
	if (proto[INSTALLED]) return proto[INSTALLED] as () => void;

	const record = (op: string, reads: string[], writes: string[], deletes: string[] = []) => {
		if (reads.length === 0 && writes.length === 0) return;
		const line: MeterLine = { t: Date.now(), side: 'server', fn, op, reads, writes, deletes };
		try {
			appendFileSync(file, JSON.stringify(line) + '\n');
		} catch {
			// The meter must never break the function it watches.
		}
	};

	const request = proto.request;
	const requestStream = proto.requestStream;

	proto.request = async function (this: unknown, method, req, ...rest) {
		const result = await request.call(this, method, req, ...rest);
		if (method === 'commit' || method === 'batchWrite') {
			const deletes = (req.writes ?? []).flatMap((w) => (w.delete ? [relativePath(w.delete)] : []));
			record(method, [], writesOf(req), deletes);
		}
		return result;
	};

	proto.requestStream = async function (this: unknown, method, bidirectional, req, ...rest) {
		const stream = await requestStream.call(this, method, bidirectional, req, ...rest);
		if (
			method !== 'batchGetDocuments' &&
			method !== 'runQuery' &&
			method !== 'runAggregationQuery'
		) {
			return stream;
		}
		const reads: string[] = [];
		let done = false;
		const finish = () => {
			if (done) return;
			done = true;
			if (method === 'runQuery' && reads.length === 0) {
				reads.push(`${queriedCollection(req)}/(empty)`);
			}
			record(method, reads, []);
		};
		// Watch what the stream hands to its reader without becoming a reader ourselves: adding a
		// 'data' listener would switch the stream to flowing mode and change the SDK's behaviour.
		const emit = stream.emit;
		stream.emit = function (this: unknown, event: string, ...args: unknown[]) {
			try {
				if (event === 'data') {
					const r = args[0] as AnyResponse;
					if (r?.found?.name) reads.push(relativePath(r.found.name));
					else if (r?.missing) reads.push(relativePath(r.missing));
					else if (r?.document?.name) reads.push(relativePath(r.document.name));
					else if (method === 'runAggregationQuery' && r?.result) {
						reads.push(`${queriedCollection(req)}/(aggregation)`);
					}
				} else if (event === 'end' || event === 'close' || event === 'error') {
					finish();
				}
			} catch {
				// Never let counting disturb the stream.
			}
			return emit.call(this, event, ...args);
		};
		return stream;
	};

	const uninstall = () => {
		proto.request = request;
		proto.requestStream = requestStream;
		delete proto[INSTALLED];
	};
	proto[INSTALLED] = uninstall;
	return uninstall;
}

/**
 * Installs the meter when this process runs inside the Functions emulator and the benchmark
 * asked for it (PARLEY_OPS_METER_FILE). Does nothing anywhere else.
 */
export function installOpsMeterFromEnvironment(): void {
	const file = process.env.PARLEY_OPS_METER_FILE;
	if (!devOnly() || !file) return;
	installOpsMeter(file, process.env.FUNCTION_TARGET ?? process.env.K_SERVICE ?? 'unknown');
}
