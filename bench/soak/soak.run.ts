/**
 * Soak: K concurrent chat sessions between distinct customers and operators for N minutes,
 * through the product's own paths — the callables over HTTP, and client writes and listeners of
 * the Firebase web SDK signed in as each person (so firestore.rules decide every write) — while
 * operators' control panels open, beat and close (some fall silent for the sweep to close), and
 * one real Chromium page of the app (the group's chat window) stays open. At the end: every
 * message stored once and received once by the other side, the ledger reconciled, no error;
 * memory of the emulators, the driver and the browser over time. Writes bench/results/soak.json.
 * SOAK_MINUTES (default 2) and SOAK_SESSIONS (default 25) size it; `npm run soak` sets both.
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, it } from 'vitest';
import {
	collection,
	doc,
	limit,
	onSnapshot,
	orderBy,
	query,
	serverTimestamp,
	setDoc,
	updateDoc,
	where,
	writeBatch,
	type Firestore,
	type Unsubscribe
} from 'firebase/firestore';
import { meterRetry, meterStep, type MeterState, type MeterStep } from '$shared/meters';
import { meterFields } from '../../src/lib/data/meter-fields';
import type { CDPSession, Page } from 'playwright-core';
import { DEFAULTS, LIMITS } from '$shared/config';
import { APP_ORIGIN, FIRESTORE_HOST, PROJECT_ID, resetAndSeed } from '../../tests/emulator';
import { launch, newPage, signInThroughUi, type LaunchedBrowser } from '../../tests/e2e/browser';
import { db as adminDb } from '../../functions/lib/lib/admin.js';
import { percentile, report, type Metric } from '../lib/report';
import type { MeterLine } from '../../functions/src/dev/ops-meter';
import {
	checkDelivery,
	messageText,
	type ReceivedMessage,
	type SentMessage,
	type StoredMessage
} from './check';
import { CallError, Client } from './client';
import { firestoreLiveHeap, sampleMemory, type MemorySample } from './procs';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 2);
const SESSIONS = Number(process.env.SOAK_SESSIONS ?? 25);
const RUN_MS = MINUTES * 60_000;
/** Memory is compared from this point on: start-up and first calls are over by then. */
const WARMUP_MS = Math.min(120_000, RUN_MS / 4);
const SAMPLE_MS = 10_000;
/**
 * The Firestore emulator's live heap is measured every this many samples (each a full GC and a
 * rules reload): every 5 minutes, or six times in a shorter run.
 */
const HEAP_EVERY = Math.max(1, Math.min(30, Math.floor(RUN_MS / SAMPLE_MS / 6)));
/** The emulator's retained memory, beyond the documents it stores, may grow this much. */
const HEAP_GROWTH_LIMIT = 0.2;
/** Writes of the control that prices one write in the emulator's heap (at most). */
const CONTROL_WRITES = 20_000;
const PASSWORD = 'soak-password';
/**
 * Each party sends a message every 3–8 s while the chat is open: a fast typist's pace, about 20
 * messages a minute per chat, 50 chats ≈ 15 a second. (At 1.5–5 s, twice that, the two cores the
 * emulators share here saturate: delivery slows minute by minute and the Functions emulator
 * keeps adding workers.)
 */
const SEND_GAP_MS: [number, number] = [3000, 8000];
/** A chat lasts 45–120 s; the operator offers a paid lock every 20–45 s of it. */
const CHAT_MS: [number, number] = [45_000, 120_000];
const LOCK_GAP_MS: [number, number] = [20_000, 45_000];
/**
 * Between chats an operator's panel stays open (45%), closes through the callable (20%) or the
 * pagehide beacon, or falls silent like a crashed browser (SOAK_SILENT_SHARE, default 13%).
 */
const SILENT_SHARE = Number(process.env.SOAK_SILENT_SHARE ?? 0.13);
/** The product's promise for a crashed panel: its operators offline within 90 s (README, Presence). */
const CRASH_OFFLINE_MS = 90_000;

// ---- bookkeeping ------------------------------------------------------------------------------

let t0 = Date.now();
const since = () => Math.round((Date.now() - t0) / 100) / 10;
const counts = {
	sessionsStarted: 0,
	sessionsEnded: 0,
	endedByOperator: 0,
	endedByCustomer: 0,
	messagesSent: 0,
	locksOffered: 0,
	locksPaid: 0,
	locksDeclined: 0,
	paidCents: 0,
	topUps: 0,
	topUpsForLocks: 0,
	insufficientFunds: 0,
	panelOpens: 0,
	panelClosesCallable: 0,
	panelClosesBeacon: 0,
	panelsSilenced: 0,
	panelsClosedBySweep: 0
};
const errors: { t: number; where: string; message: string }[] = [];
function fail(where: string, error: unknown) {
	// One line per error: the emulators' messages can run over dozens of lines.
	const message = (error instanceof Error ? error.message : String(error))
		.replace(/\s+/g, ' ')
		.slice(0, 400);
	errors.push({ t: since(), where, message });
	console.error(`[soak] error at ${since()} s in ${where}: ${message.slice(0, 300)}`);
}
/** Errors by what failed (the place without ids, the message's first words), for the summary. */
function errorKinds() {
	const kinds = new Map<string, number>();
	for (const e of errors) {
		const place = e.where.replace(/\b[A-Za-z0-9]{20}\b/g, '…').replace(/\d+/g, 'N');
		const key = `${place}: ${e.message.slice(0, 120)}`;
		kinds.set(key, (kinds.get(key) ?? 0) + 1);
	}
	return [...kinds].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count);
}
const sent: SentMessage[] = [];
const sentAt = new Map<string, number>();
const received: ReceivedMessage[] = [];
const timings = {
	delivery: [] as number[],
	lockAgree: [] as number[],
	chatAnswer: [] as number[],
	beaconOffline: [] as number[],
	sweepOffline: [] as number[]
};
/** Per customer: what the driver topped up and paid (checked against the wallet at the end). */
const tally = new Map<string, { topUp: number; paid: number }>();
const sessionIds = new Set<string>();

/**
 * Every document write of the run, in order: the driver's clients' own (recorded as they are
 * sent), and the functions' read from the meter file the Functions emulator appends to
 * (PARLEY_OPS_METER_FILE, set by scripts/soak.mjs; deletes are left out). The memory check
 * prices the emulator's heap per write by writing a sample of these documents again.
 */
const writeLog: string[] = [];
const written = (path: string) => void writeLog.push(path);
const meterFile = process.env.PARLEY_OPS_METER_FILE;
const serverMeter = { offset: 0, rest: '' };
/** Reads the meter file on from where the last call stopped; the writes so far, or null. */
function writesSoFar(): number | null {
	if (!meterFile || !existsSync(meterFile)) return null;
	const fd = openSync(meterFile, 'r');
	try {
		const buffer = Buffer.alloc(1 << 20);
		for (;;) {
			const n = readSync(fd, buffer, 0, buffer.length, serverMeter.offset);
			if (n === 0) break;
			serverMeter.offset += n;
			const lines = (serverMeter.rest + buffer.toString('utf8', 0, n)).split('\n');
			serverMeter.rest = lines.pop() ?? '';
			for (const line of lines) {
				if (!line) continue;
				const { writes, deletes } = JSON.parse(line) as MeterLine;
				for (const path of writes) if (!deletes.includes(path)) written(path);
			}
		}
	} finally {
		closeSync(fd);
	}
	return writeLog.length;
}

/**
 * The Firestore emulator records every security-rules evaluation for its coverage report and
 * keeps the record until the rules are loaded again: about 5 KB of heap per client request,
 * emulator bookkeeping that production has no counterpart of. Loading the same rules again drops
 * it, so the heap samples measure what the emulator holds for the product's data and traffic.
 */
async function dropRuleCoverage() {
	const rules = readFileSync(
		fileURLToPath(new URL('../../firestore.rules', import.meta.url)),
		'utf8'
	);
	const url = `http://${FIRESTORE_HOST}/emulator/v1/projects/${PROJECT_ID}:securityRules`;
	const response = await fetch(url, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ rules: { files: [{ name: 'firestore.rules', content: rules }] } })
	}).catch((e: unknown) => e as Error);
	if (response instanceof Error || !response.ok) {
		fail('reloading the rules', response instanceof Error ? response : `HTTP ${response.status}`);
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rand = ([a, b]: [number, number]) => a + Math.random() * (b - a);
const chance = (p: number) => Math.random() < p;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout>;
	return Promise.race([
		promise.finally(() => clearTimeout(timer)),
		new Promise<T>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
		})
	]);
}

async function waitFor(test: () => boolean, ms: number, what: string) {
	const deadline = Date.now() + ms;
	while (!test()) {
		if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
		await sleep(100);
	}
}

const WORDS =
	'the cards speak of a journey and a choice the moon rises over calm water your path turns toward light patience brings news from afar'.split(
		' '
	);
function filler() {
	const n = 2 + Math.floor(Math.random() * 30);
	const words = Array.from({ length: n }, () => WORDS[Math.floor(Math.random() * WORDS.length)]);
	return words.join(' ') + (chance(0.1) ? ' 🌙✨' : '');
}

// ---- people -----------------------------------------------------------------------------------

interface Panel {
	panelId: string;
	closeKey: string;
	timer: ReturnType<typeof setInterval>;
	beat: Promise<void> | null;
	lastAck: number;
	ringing: Set<string>;
	unsubRinging: Unsubscribe;
}

interface Slot {
	index: number;
	operator: Client;
	customer: Client;
	groupId: string | null;
	panel: Panel | null;
	/** The operator's public status as the customer's client sees it (operators/{uid}). */
	opStatus: string | null;
	unsubStatus: Unsubscribe;
}

const seqOf = new Map<string, number>();

/** One side's chat window: its listeners, its heartbeat, and its sends. */
const party = (db: Firestore, sessionId: string, uid: string) =>
	doc(db, 'sessions', sessionId, 'parties', uid);

class ChatWindow {
	session: { status: string; lockPending: boolean; heartbeatSeconds: number } | null = null;
	locks = new Map<string, string>();
	fromOther = new Set<string>();
	sending: Promise<void> | null = null;
	private beating: Promise<void> | null = null;
	/** As a window load's leave key hash (src/lib/chat/window-link.ts); soak windows never close. */
	private readonly leaveKeyHash = createHash('sha256').update(randomUUID()).digest('hex');
	private timer: ReturnType<typeof setInterval> | null = null;
	private unsubs: Unsubscribe[] = [];
	/** This window's messages meter as it counted it (the app reads its party document). */
	private posts: MeterState = {};

	constructor(
		readonly me: Client,
		readonly sessionId: string,
		readonly side: 'customer' | 'operator',
		readonly other: string
	) {}

	private get where() {
		return `${this.side} window ${this.sessionId}`;
	}

	async open() {
		const { db } = this.me;
		let ready!: () => void;
		const first = new Promise<void>((r) => (ready = r));
		// As followMessages in src/lib/data/messages.ts: the newest page, newest first.
		const messages = query(
			collection(db, 'sessions', this.sessionId, 'messages'),
			orderBy('createdAt', 'desc'),
			limit(LIMITS.pageMax)
		);
		this.unsubs.push(
			onSnapshot(
				messages,
				{ includeMetadataChanges: true },
				(snap) => {
					const now = Date.now();
					const added = snap
						.docChanges()
						.filter((c) => c.type === 'added' && c.doc.get('authorUid') === this.other)
						.map((c) => c.doc)
						.sort((a, b) => a.get('createdAt')?.toMillis() - b.get('createdAt')?.toMillis());
					for (const d of added) {
						received.push({
							sessionId: this.sessionId,
							id: d.id,
							receiver: this.me.uid,
							text: String(d.get('text'))
						});
						this.fromOther.add(d.id);
						const at = sentAt.get(d.id);
						if (at !== undefined) timings.delivery.push(now - at);
					}
					if (!snap.metadata.fromCache) ready();
				},
				(e) => fail(`${this.where}: messages listener`, e)
			)
		);
		this.unsubs.push(
			onSnapshot(
				doc(db, 'sessions', this.sessionId),
				(snap) => {
					const d = snap.data();
					if (d) {
						this.session = {
							status: d.status as string,
							lockPending: d.lockPending as boolean,
							heartbeatSeconds: d.heartbeatSeconds as number
						};
					}
				},
				(e) => fail(`${this.where}: session listener`, e)
			)
		);
		this.unsubs.push(
			onSnapshot(
				query(
					collection(db, 'sessions', this.sessionId, 'locks'),
					orderBy('createdAt'),
					limit(LIMITS.pageMax)
				),
				(snap) => {
					for (const d of snap.docs) this.locks.set(d.id, d.get('status') as string);
				},
				(e) => fail(`${this.where}: locks listener`, e)
			)
		);
		await withTimeout(first, 30_000, `${this.where}: first server snapshot`);
		await waitFor(() => this.session !== null, 30_000, `${this.where}: session document`);
		// The window's own party document, then its heartbeat (src/lib/data/parties.ts).
		const party = doc(db, 'sessions', this.sessionId, 'parties', this.me.uid);
		this.posts = {};
		written(party.path);
		await setDoc(party, {
			role: this.side,
			seenAt: serverTimestamp(),
			typingAt: null,
			leaveKeyHash: this.leaveKeyHash,
			leavingAt: null
		});
		const period = (this.session!.heartbeatSeconds || 10) * 1000;
		this.timer = setInterval(() => {
			if (this.beating) return;
			written(party.path);
			this.beating = setDoc(
				party,
				{ role: this.side, seenAt: serverTimestamp() },
				{ mergeFields: ['role', 'seenAt'] }
			)
				.catch((e) => fail(`${this.where}: party heartbeat`, e))
				.finally(() => (this.beating = null));
		}, period);
	}

	/** One message: a fresh client-generated id, setDoc, resolved once the server has it. */
	async send() {
		const seq = (seqOf.get(this.me.uid) ?? 0) + 1;
		seqOf.set(this.me.uid, seq);
		const ref = doc(collection(this.me.db, 'sessions', this.sessionId, 'messages'));
		sent.push({
			sessionId: this.sessionId,
			id: ref.id,
			sender: this.me.uid,
			receiver: this.other,
			seq
		});
		sentAt.set(ref.id, Date.now());
		written(ref.path);
		written(party(this.me.db, this.sessionId, this.me.uid).path);
		// As sendMessage in src/lib/data/messages.ts: the message and a step of the author's
		// flood meter in one batch; a refused step is tried the other way once.
		const commit = (step: MeterStep) => {
			const batch = writeBatch(this.me.db);
			batch.set(ref, {
				authorUid: this.me.uid,
				authorRole: this.side,
				text: messageText(this.me.uid, seq, filler()),
				createdAt: serverTimestamp()
			});
			batch.set(party(this.me.db, this.sessionId, this.me.uid), meterFields('posts', step), {
				merge: true
			});
			return batch.commit();
		};
		try {
			const step = meterStep(this.posts, 'posts', Date.now());
			if (step.kind === 'full') throw new Error(`messages meter full for ${step.waitMs} ms`);
			const startedAt = Date.now();
			let sent: MeterStep = step;
			await withTimeout(
				commit(step).catch(async (e: { code?: string }) => {
					const retry =
						e?.code === 'permission-denied' ? meterRetry(step, this.posts, 'posts') : null;
					if (!retry) throw e;
					sent = retry;
					await commit(retry);
				}),
				60_000,
				'message write'
			);
			this.posts =
				sent.kind === 'restart'
					? { count: 1, sinceMs: startedAt }
					: { count: (this.posts.count ?? 0) + 1, sinceMs: this.posts.sinceMs };
			counts.messagesSent += 1;
		} catch (e) {
			fail(`${this.where}: send #${seq}`, e);
		}
	}

	/** Stops the heartbeat (waiting for one in flight, so it cannot race the end of the chat). */
	async stopBeating() {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		await this.beating;
	}

	close() {
		if (this.timer) clearInterval(this.timer);
		for (const u of this.unsubs) u();
		this.unsubs = [];
	}
}

// ---- presence ---------------------------------------------------------------------------------

async function openPanel(slot: Slot) {
	const op = slot.operator;
	const opened = await op.call<{ panelId: string; closeKey: string; heartbeatSeconds: number }>(
		'presenceOpenPanel',
		{}
	);
	const panel: Panel = {
		panelId: opened.panelId,
		closeKey: opened.closeKey,
		beat: null,
		lastAck: Date.now(),
		ringing: new Set(),
		timer: setInterval(() => {
			if (panel.beat) return;
			written(`panels/${panel.panelId}`);
			panel.beat = updateDoc(doc(op.db, 'panels', panel.panelId), {
				heartbeatAt: serverTimestamp()
			})
				.then(() => void (panel.lastAck = Date.now()))
				.catch((e) => fail(`panel ${panel.panelId}: heartbeat`, e))
				.finally(() => (panel.beat = null));
		}, opened.heartbeatSeconds * 1000),
		// The panel's ringing list (src/lib/data/requests.ts, ringingForOperatorQuery).
		unsubRinging: onSnapshot(
			query(
				collection(op.db, 'requests'),
				where('operatorId', '==', op.uid),
				where('status', '==', 'ringing'),
				limit(LIMITS.pageMax)
			),
			(snap) => {
				for (const d of snap.docs) panel.ringing.add(d.id);
			},
			(e) => fail(`panel of slot ${slot.index}: ringing listener`, e)
		)
	};
	slot.panel = panel;
	counts.panelOpens += 1;
	await op.call('presenceSetStatus', {
		panelId: panel.panelId,
		operatorIds: [op.uid],
		status: 'online'
	});
	await waitFor(() => slot.opStatus === 'online', 15_000, `slot ${slot.index}: operator online`);
}

/** Stops a panel's heartbeats and listener (what a closing or crashing page stops). */
async function stopPanel(panel: Panel) {
	clearInterval(panel.timer);
	await panel.beat;
	panel.unsubRinging();
}

/** Between chats: keep the panel, close it (callable or pagehide beacon), or let it go silent. */
async function churnPanel(slot: Slot, deadline: number) {
	const panel = slot.panel;
	if (!panel) return;
	const r = Math.random();
	const silent = r >= 1 - SILENT_SHARE && deadline - Date.now() > CRASH_OFFLINE_MS + 20_000;
	if (r < 0.45 && !silent) return;
	slot.panel = null;
	await stopPanel(panel);
	if (silent) {
		// A crash: no close at all. The sweep must take the operator offline.
		counts.panelsSilenced += 1;
		await waitFor(
			() => slot.opStatus === 'offline',
			CRASH_OFFLINE_MS + 60_000,
			`slot ${slot.index}: silent panel swept`
		);
		timings.sweepOffline.push(Date.now() - panel.lastAck);
		counts.panelsClosedBySweep += 1;
	} else if (r < 0.65) {
		const res = await slot.operator.call<{ wentOffline: string[] }>('presenceClosePanel', {
			panelId: panel.panelId
		});
		if (!res.wentOffline.includes(slot.operator.uid)) {
			throw new Error(`presenceClosePanel left the operator of slot ${slot.index} online`);
		}
		counts.panelClosesCallable += 1;
		await waitFor(() => slot.opStatus === 'offline', 15_000, `slot ${slot.index}: offline`);
	} else {
		// The page's pagehide beacon, through Hosting's rewrite as the browser sends it.
		const start = Date.now();
		const res = await fetch(`${APP_ORIGIN}/api/presence/beacon`, {
			method: 'POST',
			headers: { 'content-type': 'text/plain;charset=UTF-8' },
			body: JSON.stringify({ panelId: panel.panelId, closeKey: panel.closeKey })
		});
		if (res.status !== 204) throw new Error(`beacon answered ${res.status}`);
		await waitFor(() => slot.opStatus === 'offline', 30_000, `slot ${slot.index}: beacon offline`);
		timings.beaconOffline.push(Date.now() - start);
		counts.panelClosesBeacon += 1;
	}
}

// ---- one chat ---------------------------------------------------------------------------------

async function lockRound(slot: Slot, sessionId: string, op: ChatWindow, cu: ChatWindow, n: number) {
	const customer = slot.customer;
	const price = 50 + Math.floor(Math.random() * 1450);
	const { lockId } = await slot.operator.call<{ lockId: string }>('lockCreate', {
		sessionId,
		priceCents: price,
		description: `Soak reading ${n}: three cards and what they say`
	});
	counts.locksOffered += 1;
	// The customer sees the lock card through its listener.
	await waitFor(() => cu.locks.get(lockId) === 'pending', 20_000, 'lock card shown');
	await waitFor(() => cu.session?.lockPending === true, 20_000, 'chat paused for the lock');
	if (chance(0.1)) {
		await customer.call('lockDecline', { sessionId, lockId });
		counts.locksDeclined += 1;
		await waitFor(() => op.locks.get(lockId) === 'declined', 20_000, 'decline seen');
	} else {
		const pay = async () => {
			const t = Date.now();
			const r = await customer.call<{ balanceCents: number }>('lockAgree', {
				sessionId,
				lockId,
				key: randomUUID()
			});
			timings.lockAgree.push(Date.now() - t);
			return r;
		};
		try {
			await pay();
		} catch (e) {
			const details = e instanceof CallError ? (e.details as { reason?: string }) : undefined;
			if (details?.reason !== 'insufficientFunds') throw e;
			// The product's path: top up (the demo top-up here), back to the waiting lock, pay.
			counts.insufficientFunds += 1;
			await topUp(customer, 5000);
			counts.topUpsForLocks += 1;
			await pay();
		}
		counts.locksPaid += 1;
		counts.paidCents += price;
		tally.get(customer.uid)!.paid += price;
		await waitFor(() => op.locks.get(lockId) === 'paid', 20_000, 'payment seen by the operator');
	}
	await waitFor(
		() => op.session?.lockPending === false && cu.session?.lockPending === false,
		20_000,
		'chat resumed after the lock'
	);
}

async function topUp(customer: Client, cents: number) {
	await customer.call('walletDemoTopUp', { amountCents: cents, key: randomUUID() });
	counts.topUps += 1;
	tally.get(customer.uid)!.topUp += cents;
}

async function chat(slot: Slot, deadline: number) {
	const { operator, customer } = slot;
	if (!slot.panel) await openPanel(slot);
	const { requestId } = await customer.call<{ requestId: string }>('chatRequest', {
		operatorId: operator.uid
	});
	// The operator's panel sees it ring, and accepts.
	await waitFor(() => slot.panel!.ringing.has(requestId), 20_000, 'request ringing on the panel');
	const t = Date.now();
	const { sessionId } = await operator.call<{ sessionId: string }>('chatAnswer', {
		requestId,
		accept: true
	});
	timings.chatAnswer.push(Date.now() - t);
	sessionIds.add(sessionId);
	counts.sessionsStarted += 1;
	const op = new ChatWindow(operator, sessionId, 'operator', customer.uid);
	const cu = new ChatWindow(customer, sessionId, 'customer', operator.uid);
	let ended = false;
	try {
		await Promise.all([op.open(), cu.open()]);
		const until = Math.min(deadline, Date.now() + rand(CHAT_MS));
		let paused = false;
		let stopped = false;
		const talk = async (w: ChatWindow) => {
			while (!stopped) {
				await sleep(rand(SEND_GAP_MS));
				if (stopped || paused) continue;
				w.sending = w.send();
				await w.sending;
				w.sending = null;
			}
		};
		const talking = [talk(op), talk(cu)];
		try {
			let nextLock = Date.now() + rand(LOCK_GAP_MS);
			let n = 0;
			while (Date.now() < until) {
				await sleep(Math.min(500, Math.max(0, until - Date.now())));
				if (Date.now() < nextLock || Date.now() >= until) continue;
				// Nobody can write while a lock is pending: both sides finish what they are sending.
				paused = true;
				await Promise.all([op.sending, cu.sending]);
				try {
					await lockRound(slot, sessionId, op, cu, ++n);
				} finally {
					paused = false;
				}
				nextLock = Date.now() + rand(LOCK_GAP_MS);
			}
		} finally {
			stopped = true;
			await Promise.all(talking);
		}
		await Promise.all([op.stopBeating(), cu.stopBeating()]);
		const byOperator = chance(0.7);
		await (byOperator ? operator : customer).call('chatEnd', { sessionId });
		ended = true;
		counts.sessionsEnded += 1;
		counts[byOperator ? 'endedByOperator' : 'endedByCustomer'] += 1;
		await waitFor(
			() => op.session?.status === 'ended' && cu.session?.status === 'ended',
			20_000,
			'both sides see the end'
		);
		// Every message of this chat reaches the other side (the checks count them exactly).
		const owed = (w: ChatWindow) =>
			sent.filter((m) => m.sessionId === sessionId && m.receiver === w.me.uid).length;
		await waitFor(
			() => op.fromOther.size >= owed(op) && cu.fromOther.size >= owed(cu),
			30_000,
			'last messages delivered'
		).catch((e) => fail(`session ${sessionId}`, e));
	} finally {
		op.close();
		cu.close();
		if (!ended) {
			await operator.call('chatEnd', { sessionId }).catch(() => undefined);
		}
	}
}

async function runSlot(slot: Slot, runDeadline: number) {
	await sleep(slot.index * 2000); // ramp up: one new chat every 2 s
	// Wind down the same way, one chat every 2 s: ending every chat at the same moment would ask
	// the Functions emulator for a burst of new workers at once.
	const deadline = runDeadline - (SESSIONS - 1 - slot.index) * 2000;
	while (deadline - Date.now() > 15_000) {
		try {
			await chat(slot, deadline);
			await churnPanel(slot, deadline);
		} catch (e) {
			fail(`slot ${slot.index}`, e);
			// Start over from a clean state: a closed panel, the operator offline.
			const panel = slot.panel;
			slot.panel = null;
			if (panel) {
				await stopPanel(panel);
				await slot.operator
					.call('presenceClosePanel', { panelId: panel.panelId })
					.catch(() => undefined);
			}
			await sleep(3000);
		}
	}
	if (slot.panel) {
		const panel = slot.panel;
		slot.panel = null;
		await stopPanel(panel);
		await slot.operator
			.call('presenceClosePanel', { panelId: panel.panelId })
			.catch((e) => fail(`slot ${slot.index}: final close`, e));
	}
}

// ---- the browser page -------------------------------------------------------------------------

interface BrowserSample {
	t: number;
	jsHeapUsed: number;
	jsHeapTotal: number;
	domNodes: number;
	jsEventListeners: number;
	/** The operators' rows of the group's chat window, by the status they show. */
	rows: Record<string, number>;
}

async function browserSample(cdp: CDPSession, page: Page, t: number): Promise<BrowserSample> {
	// Retained memory, not garbage waiting for a collection.
	await cdp.send('HeapProfiler.collectGarbage');
	const { metrics } = await cdp.send('Performance.getMetrics');
	const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
	const statuses = await page
		.locator('tr[data-operator]')
		.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status') ?? ''));
	const rows: Record<string, number> = {};
	for (const s of statuses) rows[s] = (rows[s] ?? 0) + 1;
	return {
		rows,
		t,
		jsHeapUsed: m.JSHeapUsedSize ?? 0,
		jsHeapTotal: m.JSHeapTotalSize ?? 0,
		domNodes: m.Nodes ?? 0,
		jsEventListeners: m.JSEventListeners ?? 0
	};
}

// ---- reporting --------------------------------------------------------------------------------

const MB = 2 ** 20;
const mb = (bytes: number) => +(bytes / MB).toFixed(1);
const pct = (now: number, then: number) => +(((now - then) / then) * 100).toFixed(1);

function growth(points: { t: number; v: number | null }[]) {
	const valid = points.filter((p): p is { t: number; v: number } => p.v !== null && p.v > 0);
	if (valid.length === 0) return null;
	const start = valid[0]!;
	const warm = valid.find((p) => p.t * 1000 >= WARMUP_MS) ?? start;
	const end = valid[valid.length - 1]!;
	// Least-squares slope after the warm-up, per minute.
	const after = valid.filter((p) => p.t >= warm.t);
	let slope = 0;
	if (after.length >= 2) {
		const mt = after.reduce((s, p) => s + p.t, 0) / after.length;
		const mv = after.reduce((s, p) => s + p.v, 0) / after.length;
		const num = after.reduce((s, p) => s + (p.t - mt) * (p.v - mv), 0);
		const den = after.reduce((s, p) => s + (p.t - mt) ** 2, 0);
		slope = den ? (num / den) * 60 : 0;
	}
	return {
		startMB: mb(start.v),
		afterWarmupMB: mb(warm.v),
		endMB: mb(end.v),
		growthAfterWarmupPct: pct(end.v, warm.v),
		slopeMBPerMin: +(slope / MB).toFixed(2)
	};
}

// ---- the run ----------------------------------------------------------------------------------

let browser: LaunchedBrowser | undefined;
const people: Client[] = [];

it(`soak: ${SESSIONS} concurrent chats for ${MINUTES} min`, async () => {
	const setupStarted = Date.now();
	await resetAndSeed();
	if (meterFile) writeFileSync(meterFile, '');
	const admin = await Client.signIn('admin@parley.test', 'parley-demo', 'Ada Admin');
	people.push(admin);
	const run = randomUUID().slice(0, 6);

	// A group (its owner watches the group's chat window in Chromium) and independent operators.
	const ownerEmail = `soak-owner-${run}@soak.test`;
	people.push(await Client.signUp(ownerEmail, PASSWORD, 'Soak Owner'));
	const { groupId } = await admin.call<{ groupId: string }>('adminCreateGroup', {
		name: 'Soak Advisors',
		ownerEmail
	});

	const slots: Slot[] = [];
	for (let start = 0; start < SESSIONS; start += 5) {
		const batch = Array.from({ length: Math.min(5, SESSIONS - start) }, (_, j) => start + j);
		slots.push(
			...(await Promise.all(
				batch.map(async (i) => {
					const opEmail = `soak-op-${i}-${run}@soak.test`;
					const operator = await Client.signUp(opEmail, PASSWORD, `Soak Operator ${i}`);
					const inGroup = i % 2 === 0;
					await admin.call('adminSetRole', {
						email: opEmail,
						role: 'operator',
						groupId: inGroup ? groupId : null
					});
					await operator.refreshClaims();
					const customer = await Client.signUp(
						`soak-customer-${i}-${run}@soak.test`,
						PASSWORD,
						`Soak Customer ${i}`
					);
					tally.set(customer.uid, { topUp: 0, paid: 0 });
					await topUp(customer, 1000 + Math.floor(Math.random() * 3000));
					people.push(operator, customer);
					const slot: Slot = {
						index: i,
						operator,
						customer,
						groupId: inGroup ? groupId : null,
						panel: null,
						opStatus: null,
						unsubStatus: () => undefined
					};
					// The operator's public status, as the customer's profile page follows it.
					slot.unsubStatus = onSnapshot(
						doc(customer.db, 'operators', operator.uid),
						(snap) => void (slot.opStatus = (snap.get('status') as string) ?? null),
						(e) => fail(`slot ${i}: status listener`, e)
					);
					return slot;
				})
			))
		);
	}

	// One real page of the app: the group owner signs in through the UI and opens the group's
	// chat window, which follows every group operator and every ringing request of the group.
	browser = await launch();
	const { page } = await newPage(browser.browser);
	const pageErrors: string[] = [];
	const consoleErrors: string[] = [];
	page.on('pageerror', (e) => pageErrors.push(`${since()} s: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error') consoleErrors.push(`${since()} s: ${m.text().slice(0, 300)}`);
	});
	await signInThroughUi(page as Page, ownerEmail, PASSWORD);
	await page.goto('/group/panel');
	await page.locator('[data-link="connected"]').waitFor({ timeout: 30_000 });
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');

	// Workers for every callable the chats use, a few started at a time: the Functions emulator
	// runs one request per worker process and starts a process (loading every function) for each
	// request that finds none idle; many cold starts at once on a busy two-core machine overrun
	// its start-up timeout ("Failed to load function"), and such requests are never answered.
	const CALLABLES = [
		'presenceOpenPanel',
		'presenceSetStatus',
		'presenceClosePanel',
		'chatRequest',
		'chatAnswer',
		'chatEnd',
		'lockCreate',
		'lockAgree',
		'lockDecline',
		'walletDemoTopUp'
	];
	for (const name of CALLABLES) {
		for (const n of [2, 3]) {
			await Promise.all(
				Array.from({ length: n }, () => admin.call(name, null).catch(() => undefined))
			);
		}
	}
	const setupSeconds = Math.round((Date.now() - setupStarted) / 1000);
	console.log(
		`[soak] ${SESSIONS} customers and ${SESSIONS} operators ready in ${setupSeconds} s; ` +
			`running ${MINUTES} min`
	);

	// Memory every SAMPLE_MS, progress every minute.
	t0 = Date.now();
	const deadline = t0 + RUN_MS;
	const memory: (MemorySample & {
		messages: number;
		page: BrowserSample | null;
		firestoreLiveHeap: number | null;
		writes: number | null;
	})[] = [];
	const sample = async (withHeap: boolean) => {
		const t = since();
		if (withHeap) await dropRuleCoverage();
		const shown = await browserSample(cdp, page as Page, t).catch((e) => {
			fail('browser sample', e);
			return null;
		});
		memory.push({
			...sampleMemory(t),
			messages: counts.messagesSent,
			page: shown,
			firestoreLiveHeap: withHeap ? firestoreLiveHeap() : null,
			writes: withHeap ? writesSoFar() : null
		});
	};
	await sample(true);
	let sampling = true;
	const sampler = (async () => {
		let tick = 0;
		while (sampling) {
			await sleep(SAMPLE_MS - ((Date.now() - t0) % SAMPLE_MS));
			if (!sampling) break;
			await sample((tick + 1) % HEAP_EVERY === 0);
			if (++tick % 6 === 0) {
				const m = memory[memory.length - 1]!;
				const heap = memory.findLast((x) => x.firestoreLiveHeap !== null)?.firestoreLiveHeap;
				console.log(
					`[soak] ${(m.t / 60).toFixed(1)} min: ${counts.messagesSent} messages, ` +
						`${counts.sessionsStarted} chats, ${counts.locksPaid} locks paid, ` +
						`${counts.panelOpens} panels opened, ${errors.length} errors; RSS MB ` +
						`firestore ${((m.firestoreRss ?? 0) / MB).toFixed(0)} (last live heap ` +
						`${((heap ?? 0) / MB).toFixed(0)}), functions ` +
						`${((m.functionsWorkersRss ?? 0) / MB).toFixed(0)} (${m.functionsWorkers} workers), ` +
						`cli ${((m.emulatorCliRss ?? 0) / MB).toFixed(0)}, driver ${(m.driverRss / MB).toFixed(0)}, ` +
						`browser ${((m.browserRss ?? 0) / MB).toFixed(0)}, page heap ` +
						`${((m.page?.jsHeapUsed ?? 0) / MB).toFixed(1)}`
				);
			}
		}
	})();

	await Promise.all(slots.map((slot) => runSlot(slot, deadline)));
	const runSeconds = since();
	sampling = false;
	await sampler;
	await sample(true);

	// The page is still live after the run: connected, and showing every group operator offline
	// now that every panel has closed.
	const pageConnected = await page
		.locator('[data-link="connected"]')
		.isVisible()
		.catch(() => false);
	const groupOperators = slots.filter((s) => s.groupId !== null).length;
	const pageShowsAllOffline = await (async () => {
		try {
			await page
				.locator('tr[data-operator][data-status="offline"]')
				.nth(groupOperators - 1)
				.waitFor({ timeout: 20_000 });
			return (
				(await page.locator('tr[data-operator]').count()) === groupOperators &&
				(await page.locator('tr[data-operator]:not([data-status="offline"])').count()) === 0
			);
		} catch {
			return false;
		}
	})();
	for (const slot of slots) slot.unsubStatus();

	// ---- checks ---------------------------------------------------------------------------------
	const messageDocs = await adminDb().collectionGroup('messages').get();
	const stored: StoredMessage[] = messageDocs.docs
		.filter((d) => sessionIds.has(d.ref.parent.parent!.id) && d.get('authorRole') !== 'system')
		.map((d) => ({
			sessionId: d.ref.parent.parent!.id,
			id: d.id,
			authorUid: d.get('authorUid') as string,
			text: String(d.get('text'))
		}));
	const delivery = checkDelivery(sent, stored, received);

	// The ledger: the admin's reconciliation (the product's own), then its sums against the locks.
	const ledger = await admin.call<{
		clean: boolean;
		walletsChecked: number;
		transfersChecked: number;
		entriesChecked: number;
		mismatches: unknown[];
		unbalancedTransfers: unknown[];
		orphanEntries: unknown[];
		negativeWallets: unknown[];
		totals: Record<string, number>;
	}>('adminReconcile', {});
	const [lockDocs, entryDocs, sessionDocs, walletDocs, operatorDocs] = await Promise.all([
		adminDb().collectionGroup('locks').get(),
		adminDb().collection('ledger').get(),
		adminDb().collection('sessions').get(),
		adminDb().collection('wallets').get(),
		adminDb().collection('operators').get()
	]);
	const sessionById = new Map(sessionDocs.docs.map((d) => [d.id, d.data()]));
	const payeeWant = new Map<string, number>();
	let platformWant = 0;
	let paidLocks = 0;
	let paidCentsStored = 0;
	let pendingLocks = 0;
	for (const l of lockDocs.docs) {
		const status = l.get('status') as string;
		if (status === 'pending') pendingLocks += 1;
		if (status !== 'paid' || l.get('refundedTransferId')) continue;
		const s = sessionById.get(l.ref.parent.parent!.id)!;
		const payee = s.groupId ? `payee:group:${s.groupId}` : `payee:operator:${s.operatorId}`;
		payeeWant.set(payee, (payeeWant.get(payee) ?? 0) + (l.get('operatorShare') as number));
		platformWant += l.get('platformShare') as number;
		if (sessionIds.has(l.ref.parent.parent!.id)) {
			paidLocks += 1;
			paidCentsStored += l.get('price') as number;
		}
	}
	const payeeHave = new Map<string, number>();
	for (const e of entryDocs.docs) {
		const account = e.get('account') as string;
		if (account.startsWith('payee:')) {
			payeeHave.set(account, (payeeHave.get(account) ?? 0) + (e.get('amount') as number));
		}
	}
	const payeeMismatches = [...new Set([...payeeWant.keys(), ...payeeHave.keys()])]
		.filter((a) => (payeeWant.get(a) ?? 0) !== (payeeHave.get(a) ?? 0))
		.map((a) => ({
			account: a,
			fromLocks: payeeWant.get(a) ?? 0,
			fromEntries: payeeHave.get(a) ?? 0
		}));
	const walletById = new Map(walletDocs.docs.map((d) => [d.id, d.get('balance') as number]));
	const walletMismatches = [...tally]
		.filter(([uid, t]) => (walletById.get(uid) ?? 0) !== t.topUp - t.paid)
		.map(([uid, t]) => ({ uid, balance: walletById.get(uid) ?? 0, expected: t.topUp - t.paid }));
	const totalsSum = Object.values(ledger.totals).reduce((s, v) => s + v, 0);
	const soakOperators = new Set(slots.map((s) => s.operator.uid));
	const stillOnline = operatorDocs.docs
		.filter((d) => soakOperators.has(d.id) && d.get('status') !== 'offline')
		.map((d) => `${d.get('displayName')}: ${d.get('status')}`);
	const slowSweeps = timings.sweepOffline.filter((ms) => ms > CRASH_OFFLINE_MS);

	const checks = [
		{
			check: 'every sent message stored exactly once',
			ok:
				delivery.counts.lost +
					delivery.counts.storedTwice +
					delivery.counts.storedWrong +
					delivery.counts.unexpectedStored ===
				0
		},
		{
			check: "every message received exactly once by the other side's listener",
			ok:
				delivery.counts.notDelivered +
					delivery.counts.deliveredTwice +
					delivery.counts.unexpectedDelivered ===
				0
		},
		{
			check: 'per-sender sequence numbers without gaps or duplicates',
			ok: delivery.counts.seqGap + delivery.counts.seqDuplicate === 0
		},
		{ check: 'no unexpected errors', ok: errors.length === 0 && pageErrors.length === 0 },
		{ check: 'ledger reconciles (adminReconcile clean)', ok: ledger.clean },
		{ check: 'ledger totals sum to zero', ok: totalsSum === 0 },
		{
			check: 'platform total equals the platform shares of paid locks',
			ok: ledger.totals.platform === platformWant
		},
		{
			check: 'every payee account equals the operator shares of its paid locks',
			ok: payeeMismatches.length === 0
		},
		{
			check: "every soak wallet equals the driver's top-ups minus its payments",
			ok: walletMismatches.length === 0
		},
		{
			check: 'locks paid as the driver counted them (count and cents)',
			ok: paidLocks === counts.locksPaid && paidCentsStored === counts.paidCents
		},
		{ check: 'no lock left pending', ok: pendingLocks === 0 },
		{
			check: `silent panels swept offline within ${CRASH_OFFLINE_MS / 1000} s`,
			ok: slowSweeps.length === 0
		},
		{ check: 'every operator offline once its panel closed', ok: stillOnline.length === 0 },
		{ check: 'the app page still connected at the end', ok: pageConnected },
		{
			check: 'the app page shows every group operator, all offline at the end',
			ok: pageShowsAllOffline
		}
	];

	// Beyond its rules-coverage record (dropped before each heap sample, see dropRuleCoverage),
	// the Firestore emulator keeps every version of every document written for as long as it runs
	// (deleting the documents frees none of it), so its heap grows with each write, whatever the
	// product does. What must not grow is the rest (listeners, connections, transactions): the
	// growth after warm-up beyond what the same writes cost the emulator on their own, priced by
	// a control after the run that writes a sample of the run's documents again, each with one
	// field changed: the emulator stores nothing new for a write that changes nothing (a control
	// of unchanged documents priced a write at 190-230 bytes, a fraction of a stored version).
	const heapPoints = memory.filter((m) => m.firestoreLiveHeap !== null);
	const heapWarm = heapPoints.find((m) => m.t * 1000 >= WARMUP_MS) ?? null;
	const heapEnd = heapPoints[heapPoints.length - 1] ?? null;
	let controlBytesPerWrite: number | null = null;
	let controlWrites = 0;
	if (heapWarm?.writes != null && heapEnd?.writes != null) {
		// Writes of the run after warm-up, sampled evenly; each document written again as it is
		// now plus a changing counter, so the control stores a version of the run's own mix of
		// documents and sizes.
		const pool = writeLog.slice(heapWarm.writes, heapEnd.writes);
		const step = Math.max(1, pool.length / CONTROL_WRITES);
		const paths: string[] = [];
		for (let i = 0; i < pool.length && paths.length < CONTROL_WRITES; i += step) {
			paths.push(pool[Math.floor(i)]!);
		}
		await dropRuleCoverage();
		const before = firestoreLiveHeap();
		for (let i = 0; i < paths.length; i += 250) {
			const refs = paths.slice(i, i + 250).map((path) => adminDb().doc(path));
			const snaps = await adminDb().getAll(...refs);
			const batch = adminDb().batch();
			for (const snap of snaps) {
				if (!snap.exists) continue; // deleted since (a closed panel)
				controlWrites += 1;
				batch.set(snap.ref, { ...snap.data()!, soakControl: controlWrites });
			}
			await batch.commit();
		}
		const after = firestoreLiveHeap();
		if (before !== null && after !== null && controlWrites > 0) {
			controlBytesPerWrite = Math.round((after - before) / controlWrites);
		}
	}
	const warmHeap = heapWarm?.firestoreLiveHeap ?? null;
	const endHeap = heapEnd?.firestoreLiveHeap ?? null;
	const writesAfterWarmup =
		heapWarm?.writes != null && heapEnd?.writes != null ? heapEnd.writes - heapWarm.writes : null;
	const beyondWrites =
		warmHeap !== null && endHeap !== null && writesAfterWarmup !== null && controlBytesPerWrite
			? endHeap - warmHeap - writesAfterWarmup * controlBytesPerWrite
			: null;
	const heap = {
		startMB: heapPoints[0]?.firestoreLiveHeap ? mb(heapPoints[0].firestoreLiveHeap) : null,
		afterWarmupMB: warmHeap === null ? null : mb(warmHeap),
		endMB: endHeap === null ? null : mb(endHeap),
		/** With every version kept: grows with the writes. */
		growthPct: warmHeap !== null && endHeap !== null ? pct(endHeap, warmHeap) : null,
		writesAfterWarmup,
		bytesPerWriteInRun:
			warmHeap !== null && endHeap !== null && writesAfterWarmup
				? Math.round((endHeap - warmHeap) / writesAfterWarmup)
				: null,
		controlWrites,
		controlBytesPerWrite,
		/** What the emulator retains beyond the writes' own versions. */
		beyondWritesMB: beyondWrites === null ? null : mb(beyondWrites),
		beyondWritesPct:
			beyondWrites === null || warmHeap === null ? null : pct(warmHeap + beyondWrites, warmHeap)
	};
	checks.push({
		check:
			`Firestore emulator: live heap growth after warm-up, beyond the versions its writes ` +
			`keep, within ${HEAP_GROWTH_LIMIT * 100}% of the figure after warm-up`,
		ok: heap.beyondWritesPct !== null && heap.beyondWritesPct <= HEAP_GROWTH_LIMIT * 100
	});

	const series = {
		firestore: growth(memory.map((m) => ({ t: m.t, v: m.firestoreRss }))),
		firestoreLiveHeap: growth(memory.map((m) => ({ t: m.t, v: m.firestoreLiveHeap }))),
		functionsWorkers: growth(memory.map((m) => ({ t: m.t, v: m.functionsWorkersRss }))),
		functionsWorkersPss: growth(memory.map((m) => ({ t: m.t, v: m.functionsWorkersPss }))),
		functionsPerWorker: growth(
			memory.map((m) => ({
				t: m.t,
				v: m.functionsWorkers ? (m.functionsWorkersRss ?? 0) / m.functionsWorkers : null
			}))
		),
		emulatorCli: growth(memory.map((m) => ({ t: m.t, v: m.emulatorCliRss }))),
		driver: growth(memory.map((m) => ({ t: m.t, v: m.driverRss }))),
		browser: growth(memory.map((m) => ({ t: m.t, v: m.browserRss }))),
		browserPss: growth(memory.map((m) => ({ t: m.t, v: m.browserPss }))),
		pageJsHeap: growth(memory.map((m) => ({ t: m.t, v: m.page?.jsHeapUsed ?? null })))
	};

	// ---- summary --------------------------------------------------------------------------------
	const p = (xs: number[], q: number) => (xs.length ? Math.round(percentile(xs, q)) : null);
	console.log(`\n[soak] ${SESSIONS} concurrent chats, ${(runSeconds / 60).toFixed(1)} min`);
	console.log(
		`  chats ${counts.sessionsStarted} started, ${counts.sessionsEnded} ended; messages ${counts.messagesSent} sent, ` +
			`${delivery.stored} stored, ${delivery.received} received; locks ${counts.locksOffered} offered, ` +
			`${counts.locksPaid} paid ($${(counts.paidCents / 100).toFixed(2)}), ${counts.locksDeclined} declined; ` +
			`top-ups ${counts.topUps} (${counts.topUpsForLocks} after insufficient funds)`
	);
	console.log(
		`  presence: ${counts.panelOpens} panels opened; closed by callable ${counts.panelClosesCallable}, ` +
			`by beacon ${counts.panelClosesBeacon}, silent → swept ${counts.panelsClosedBySweep}/${counts.panelsSilenced}`
	);
	console.log(
		`  latency p50/p95: message → other listener ${p(timings.delivery, 50)}/${p(timings.delivery, 95)} ms, ` +
			`lockAgree ${p(timings.lockAgree, 50)}/${p(timings.lockAgree, 95)} ms, ` +
			`beacon → offline ${p(timings.beaconOffline, 50)}/${p(timings.beaconOffline, 95)} ms, ` +
			`silent → swept offline ${p(timings.sweepOffline, 50)}/${p(timings.sweepOffline, 95)} ms`
	);
	console.log(
		`  Firestore emulator live heap (MB, after a full GC): start ${heap.startMB}, after warm-up ` +
			`${heap.afterWarmupMB}, end ${heap.endMB} (${heap.growthPct}%) after ` +
			`${heap.writesAfterWarmup} writes, ${heap.bytesPerWriteInRun} bytes each; a write ` +
			`of the control keeps ${heap.controlBytesPerWrite} bytes; beyond the writes ${heap.beyondWritesMB} MB ` +
			`(${heap.beyondWritesPct}%)`
	);
	console.log('  memory (MB: start / after warm-up / end, growth after warm-up, slope):');
	for (const [name, g] of Object.entries(series)) {
		if (g) {
			console.log(
				`    ${name.padEnd(17)} ${g.startMB} / ${g.afterWarmupMB} / ${g.endMB}  ` +
					`${g.growthAfterWarmupPct >= 0 ? '+' : ''}${g.growthAfterWarmupPct}%  ${g.slopeMBPerMin} MB/min`
			);
		}
	}
	if (errors.length) {
		console.log(`  errors (${errors.length}):`);
		for (const k of errorKinds().slice(0, 20)) console.log(`    ${k.count} × ${k.kind}`);
	}
	if (pageErrors.length) console.log(`  page errors: ${pageErrors.slice(0, 10).join(' | ')}`);
	if (!delivery.ok) {
		console.log(`  message problems: ${JSON.stringify(delivery.counts)}`);
		for (const pr of delivery.problems.slice(0, 20)) console.log(`    ${pr.kind}: ${pr.detail}`);
	}
	console.log('  checks:');
	for (const c of checks) console.log(`    ${c.ok ? 'ok  ' : 'FAIL'} ${c.check}`);

	const metrics: Metric[] = [
		{
			metric: 'soak: message → other side',
			workload: `${SESSIONS} concurrent chats`,
			unit: 'ms',
			baseline: 'write-listener',
			samples: timings.delivery
		},
		{
			metric: 'soak: lockAgree',
			workload: `${SESSIONS} concurrent chats`,
			unit: 'ms',
			baseline: 'transaction',
			samples: timings.lockAgree
		},
		{
			metric: 'soak: chatAnswer',
			workload: `${SESSIONS} concurrent chats`,
			unit: 'ms',
			samples: timings.chatAnswer
		},
		{
			metric: 'soak: beacon → offline seen',
			workload: `${SESSIONS} concurrent chats`,
			unit: 'ms',
			samples: timings.beaconOffline,
			target: 2000
		},
		{
			metric: 'soak: silent panel → offline seen',
			workload: 'since its last heartbeat',
			unit: 'ms',
			samples: timings.sweepOffline,
			target: CRASH_OFFLINE_MS
		}
	].filter((m) => m.samples.length > 0) as Metric[];
	report('soak', metrics, {
		config: {
			minutes: MINUTES,
			silentShare: SILENT_SHARE,
			sessions: SESSIONS,
			warmupSeconds: WARMUP_MS / 1000,
			sampleSeconds: SAMPLE_MS / 1000,
			sendGapMs: SEND_GAP_MS,
			chatMs: CHAT_MS,
			lockGapMs: LOCK_GAP_MS,
			timing: {
				heartbeatSeconds:
					Number(process.env.PRESENCE_HEARTBEAT_SECONDS) || DEFAULTS.heartbeatSeconds,
				panelTimeoutSeconds:
					Number(process.env.PRESENCE_TIMEOUT_SECONDS) || DEFAULTS.panelTimeoutSeconds,
				sweepSeconds: Number(process.env.PRESENCE_SWEEP_SECONDS) || DEFAULTS.sweepSeconds
			}
		},
		setupSeconds,
		runSeconds,
		ok: checks.every((c) => c.ok),
		checks,
		counts,
		delivery,
		ledger: {
			reconcile: ledger,
			platformFromLocks: platformWant,
			payeeMismatches,
			walletMismatches,
			paidLocks,
			paidCentsStored,
			pendingLocks
		},
		presence: { stillOnline, slowSweeps },
		errorKinds: errorKinds(),
		errors,
		pageErrors,
		consoleErrors,
		memory: { firestoreLiveHeap: heap, series, samples: memory }
	});
	const failed = checks.filter((c) => !c.ok).map((c) => c.check);
	if (failed.length) throw new Error(`Soak checks failed: ${failed.join('; ')}`);
});

afterAll(async () => {
	await browser?.close();
	await Promise.all(people.map((p) => p.close()));
});
