/**
 * The operations meter of bench/ops.bench.ts: every Firestore read and write of the browser
 * clients and of the Cloud Functions, each with a time, a side, who made it and its document
 * path, and windows of time ("one chat message") to add them up in.
 *
 * Browser side: an init script in every page of a metered context watches the page's requests
 * to the Firestore emulator (the web SDK's WebChannel over fetch, its RPCs over XMLHttpRequest)
 * without changing them: it only reads what was sent and what came back, and hands it to the benchmark through
 * a Playwright binding. WebChannelMeter (webchannel-meter.ts) turns that into billed reads and
 * writes.
 *
 * Server side: the Functions emulator runs with PARLEY_OPS_METER_FILE, so every worker process
 * patches the Admin SDK's request layer (functions/src/dev/ops-meter.ts) and appends one JSON
 * line per request; this class tails that file.
 */
import { appendFileSync, closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import {
	WebChannelMeter,
	LIMBO,
	isFirestoreUrl,
	linkedReasons,
	pathPattern,
	type CountedOp
} from './webchannel-meter';

export interface OpEvent extends CountedOp {
	/** Epoch milliseconds. */
	t: number;
	side: 'client' | 'server';
	/** Client: the person and page (`customer /chat/*`); server: the function. */
	who: string;
}

/** What the page script hands over: a request, or a piece of its response. */
interface PageMessage {
	/** The message's place in its document's order of events (a navigation starts anew). */
	seq: number;
	/** Which document of the page (each navigation loads a new one). */
	doc: string;
	xhr: number;
	url: string;
	body?: string | null;
	text?: string;
	done?: boolean;
}

const BINDING = '__parleyOpsMeter';

/**
 * Runs in every page before its own scripts. Observes the page's requests to Firestore (the web
 * SDK's WebChannel goes through fetch, its RPCs through XMLHttpRequest): the request body, and
 * the response text as it streams in, read from a clone of the response (the SDK reads the
 * original, untouched). Every call goes through to the original functions with the same
 * arguments and result, and no error of the meter can escape into the page.
 */
function pageScript(binding: string) {
	const w = window as unknown as Record<string, unknown>;
	const queue: unknown[] = [];
	// Every message carries its place in the page's order of events: a request body is read
	// asynchronously, so its message can reach the benchmark after later responses.
	let order = 0;
	const documentId = `${Date.now()}-${Math.random()}`;
	const post = (m: { seq?: number; doc?: string; [field: string]: unknown }) => {
		m.seq ??= ++order;
		m.doc = documentId;
		const fn = w[binding] as ((m: unknown) => Promise<void>) | undefined;
		if (typeof fn !== 'function') {
			queue.push(m);
			return;
		}
		while (queue.length > 0) void fn(queue.shift()).catch(() => undefined);
		void fn(m).catch(() => undefined);
	};
	const firestore = (url: string) =>
		/google\.firestore\.v1\.Firestore\/(Listen|Write)\/channel/.test(url) ||
		/\/documents:(commit|batchGet|runQuery|runAggregationQuery)\b/.test(url);
	let next = 0;

	const originalFetch = window.fetch;
	window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
		// The request body is read (from a clone) before fetch consumes it.
		let url = '';
		let body: Promise<string | null> = Promise.resolve(null);
		try {
			url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
			const given = init?.body;
			if (firestore(url)) {
				if (typeof given === 'string') body = Promise.resolve(given);
				else if (given instanceof URLSearchParams) body = Promise.resolve(given.toString());
				else if (input instanceof Request && !given) {
					body = input
						.clone()
						.text()
						.catch(() => null);
				}
			}
		} catch {
			url = '';
		}
		const result = originalFetch.call(this, input, init);
		try {
			if (url && firestore(url)) {
				const xhr = ++next;
				const seq = ++order;
				// Cloned at once, before the SDK's own handler can start reading the original.
				const copy = result.then(
					(response) => {
						try {
							return response.clone();
						} catch {
							return null;
						}
					},
					() => null
				);
				void body.then((b) => {
					post({ seq, xhr, url, body: b });
					void copy.then((response) => {
						const reader = response?.body?.getReader();
						if (!reader) return post({ xhr, url, text: '', done: true });
						const decoder = new TextDecoder();
						const pump = (): void => {
							reader.read().then(
								({ done, value }) => {
									if (done) return post({ xhr, url, text: decoder.decode(), done: true });
									post({ xhr, url, text: decoder.decode(value, { stream: true }) });
									pump();
								},
								() => post({ xhr, url, text: '', done: true })
							);
						};
						pump();
					});
				});
			}
		} catch {
			/* never disturb the page */
		}
		return result;
	};

	const proto = XMLHttpRequest.prototype;
	const open = proto.open;
	const send = proto.send;
	const urls = new WeakMap<XMLHttpRequest, string>();
	proto.open = function (this: XMLHttpRequest, ...args: unknown[]) {
		try {
			urls.set(this, String(args[1]));
		} catch {
			/* never disturb the page */
		}
		return (open as (...a: unknown[]) => void).apply(this, args);
	} as typeof proto.open;
	proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
		try {
			const url = urls.get(this);
			if (url && firestore(url)) {
				const xhr = ++next;
				let seen = 0;
				let finished = false;
				post({ xhr, url, body: typeof body === 'string' ? body : null });
				const pull = () => {
					if (finished) return;
					let text = '';
					try {
						text = this.responseText;
					} catch {
						return;
					}
					const done = this.readyState === 4;
					if (text.length > seen || done) {
						post({ xhr, url, text: text.slice(seen), done });
						seen = text.length;
					}
					if (done) finished = true;
				};
				this.addEventListener('progress', pull);
				this.addEventListener('readystatechange', () => {
					if (this.readyState >= 3) pull();
				});
				this.addEventListener('loadend', pull);
			}
		} catch {
			/* never disturb the page */
		}
		return send.call(this, body);
	};
}

/** `/chat/abc` → `/chat/*`, `/operators/x/chat` → `/operators/*\/chat`. */
function routeOf(url: string): string {
	try {
		const parts = new URL(url).pathname.split('/');
		return parts
			.map((p, i) => {
				const before = parts[i - 1];
				return before === 'chat' || before === 'operators' ? '*' : p;
			})
			.join('/');
	} catch {
		return url;
	}
}

export interface Counts {
	reads: number;
	writes: number;
	client: { reads: number; writes: number };
	server: { reads: number; writes: number };
	/** Reads and writes by document path pattern and side, e.g. `client write sessions/*\/messages/*`. */
	byPath: Record<string, number>;
	/** By who made them: `customer /chat/* read`, `lockAgree write`. */
	byWho: Record<string, number>;
	/** Periodic costs inside the window that were not added to it, by reason. */
	background: Record<string, number>;
}

export interface MeterWindow {
	name: string;
	start: number;
	end: number;
}

/** Functions that run on a timer, not because of an action. */
const PERIODIC_FUNCTIONS = new Set(['presenceSweepLocal', 'presenceSweep']);

export class OpsMeter {
	readonly events: OpEvent[] = [];
	readonly windows: MeterWindow[] = [];
	private readonly pageMeters = new Map<string, WebChannelMeter>();
	private readonly allPageMeters: WebChannelMeter[] = [];
	private serverOffset = 0;
	private serverRest = '';
	private lastServerLine = 0;

	/** `serverFile`: where the functions append their lines (PARLEY_OPS_METER_FILE). Emptied. */
	constructor(private readonly serverFile: string) {
		writeFileSync(serverFile, '');
	}

	/** Meters every page of `context` (popups included), labelled `label` and the page's route. */
	async attach(context: BrowserContext, label: string) {
		await context.exposeBinding(BINDING, ({ page }, message: PageMessage) => {
			this.onPageMessage(page, label, message);
		});
		await context.addInitScript(pageScript, BINDING);
	}

	private readonly held = new Map<
		string,
		{ next: number; waiting: Map<number, PageMessage>; since: number }
	>();

	/** Hands each document's messages on in the document's own order (see `seq`). */
	private onPageMessage(page: Page, label: string, m: PageMessage) {
		let h = this.held.get(m.doc);
		if (!h) {
			h = { next: 1, waiting: new Map(), since: Date.now() };
			this.held.set(m.doc, h);
		}
		if (h.waiting.size === 0) h.since = Date.now();
		h.waiting.set(m.seq, m);
		for (;;) {
			let ready = h.waiting.get(h.next);
			if (!ready && h.waiting.size > 0 && Date.now() - h.since > 5000) {
				// A message lost on the way (its page closed): go on without it.
				h.next = Math.min(...h.waiting.keys());
				ready = h.waiting.get(h.next);
			}
			if (!ready) break;
			h.waiting.delete(h.next);
			h.next++;
			h.since = Date.now();
			this.onPage(page, label, ready);
		}
	}

	private onPage(page: Page, label: string, m: PageMessage) {
		// BENCH_OPS_RAW=<file> keeps the raw traffic (to study it, or to record test fixtures).
		const raw = process.env.BENCH_OPS_RAW;
		if (raw) appendFileSync(raw, JSON.stringify({ label, page: page.url(), ...m }) + '\n');
		// One meter per document: a navigation starts a new SDK with its own listeners and streams.
		let meter = this.pageMeters.get(m.doc);
		if (!meter) {
			meter = new WebChannelMeter((op) =>
				this.events.push({
					...op,
					t: Date.now(),
					side: 'client',
					who: `${label} ${routeOf(page.url())}`
				})
			);
			this.pageMeters.set(m.doc, meter);
			this.allPageMeters.push(meter);
		}
		if (!isFirestoreUrl(m.url)) return;
		if (m.text === undefined && m.done === undefined) meter.request(m.xhr, m.url, m.body ?? null);
		else meter.response(m.xhr, m.text ?? '', m.done ?? false);
	}

	/** Reads the lines the functions appended since the last call. */
	pollServer() {
		let size: number;
		try {
			size = statSync(this.serverFile).size;
		} catch {
			return;
		}
		if (size <= this.serverOffset) return;
		const fd = openSync(this.serverFile, 'r');
		try {
			const buffer = Buffer.alloc(size - this.serverOffset);
			readSync(fd, buffer, 0, buffer.length, this.serverOffset);
			this.serverOffset = size;
			const text = this.serverRest + buffer.toString('utf8');
			const lines = text.split('\n');
			this.serverRest = lines.pop() ?? '';
			for (const line of lines) {
				if (!line.trim()) continue;
				const l = JSON.parse(line) as {
					t: number;
					fn: string;
					op: string;
					reads: string[];
					writes: string[];
					deletes?: string[];
				};
				this.lastServerLine = Math.max(this.lastServerLine, l.t);
				const background = PERIODIC_FUNCTIONS.has(l.fn) ? 'presence sweep' : undefined;
				const base = { t: l.t, side: 'server' as const, who: l.fn, via: 'rpc' as const };
				for (const path of l.reads) {
					this.events.push({ ...base, kind: 'read', path, ...(background ? { background } : {}) });
				}
				const deletes = new Set(l.deletes ?? []);
				for (const path of l.writes) {
					this.events.push({
						...base,
						kind: 'write',
						path,
						...(deletes.has(path) ? { deleted: true } : {}),
						...(background ? { background } : {})
					});
				}
			}
		} finally {
			closeSync(fd);
		}
	}

	/** Time of the newest operation that belongs to an action (not a periodic one). */
	private lastActionEvent(): number {
		let last = 0;
		for (let i = this.events.length - 1; i >= 0 && i >= this.events.length - 2000; i--) {
			const e = this.events[i]!;
			if (!e.background) last = Math.max(last, e.t);
		}
		return last;
	}

	/**
	 * Waits until no action operation has come for `quietMs` (triggers and listeners settle),
	 * at most `maxMs`.
	 */
	async settle(quietMs = 2500, maxMs = 30_000) {
		const started = Date.now();
		for (;;) {
			await new Promise((r) => setTimeout(r, 250));
			this.pollServer();
			const now = Date.now();
			if (now - Math.max(this.lastActionEvent(), started) >= quietMs) return;
			if (now - started > maxMs) return;
		}
	}

	/** Runs `action`, waits for its effects to settle, and records the window under `name`. */
	async measure<T>(name: string, action: () => Promise<T>, quietMs?: number): Promise<T> {
		this.pollServer();
		const start = Date.now();
		const result = await action();
		await this.settle(quietMs);
		this.windows.push({ name, start, end: Date.now() });
		return result;
	}

	/** A window of plain time: everything in it counts, periodic costs included. */
	async span(name: string, ms: number) {
		this.pollServer();
		const start = Date.now();
		await new Promise((r) => setTimeout(r, ms));
		// Lines of requests that finished inside the span may be a moment late on disk.
		await new Promise((r) => setTimeout(r, 1500));
		this.pollServer();
		this.windows.push({ name, start, end: start + ms });
	}

	/**
	 * The operations of a window. `includeBackground`: count periodic costs too (what is not
	 * billed at all never counts).
	 */
	counts(w: MeterWindow, includeBackground = false): Counts {
		const c: Counts = {
			reads: 0,
			writes: 0,
			client: { reads: 0, writes: 0 },
			server: { reads: 0, writes: 0 },
			byPath: {},
			byWho: {},
			background: {}
		};
		const reasons = linkedReasons(this.events);
		this.events.forEach((e, i) => {
			if (e.t < w.start || e.t >= w.end) return;
			const reason = reasons.get(i);
			const free = reason?.startsWith('not billed') || reason === LIMBO;
			if (reason && (!includeBackground || free)) {
				const key = `${e.side} ${e.kind}: ${reason}`;
				c.background[key] = (c.background[key] ?? 0) + 1;
				return;
			}
			if (e.kind === 'read') {
				c.reads++;
				c[e.side].reads++;
			} else {
				c.writes++;
				c[e.side].writes++;
			}
			const path = `${e.side} ${e.kind} ${pathPattern(e.path)}`;
			c.byPath[path] = (c.byPath[path] ?? 0) + 1;
			const who = `${e.who} ${e.kind}`;
			c.byWho[who] = (c.byWho[who] ?? 0) + 1;
		});
		return c;
	}

	/** Operations that fell in no window (between measurements: setup, navigation, clean-up). */
	outsideWindows(from: number, to: number) {
		let reads = 0;
		let writes = 0;
		for (const e of this.events) {
			if (e.t < from || e.t >= to) continue;
			if (this.windows.some((w) => e.t >= w.start && e.t < w.end)) continue;
			if (e.kind === 'read') reads++;
			else writes++;
		}
		return { reads, writes };
	}

	/** Client write acknowledgements that did not match a sent batch (should be 0). */
	get clientWriteMismatches() {
		return this.allPageMeters.reduce((n, m) => n + m.mismatches, 0);
	}

	get clientWritesAcknowledged() {
		return this.allPageMeters.reduce((n, m) => n + m.acknowledgedWrites, 0);
	}

	get clientWritesCounted() {
		return this.allPageMeters.reduce((n, m) => n + m.writesCounted, 0);
	}
}
