/**
 * Fuzzing every callable and HTTP function through the Functions emulator, over the same protocol
 * the app uses. Each payload is hostile: the whole body garbage, or the right keys with wrong
 * values (wrong types, missing and extra keys, huge strings, a 1 MiB string, unicode, RTL and
 * zero-width text, path characters in ids, other people's ids, negative, fractional and huge
 * amounts, NaN and infinities, which JSON turns into null), sent anonymously or as a customer, an
 * operator or a group owner. Every call must end in a refusal with a canonical code the app knows
 * and a sentence it can show (or 413 for a body over the size limit), and the database must be
 * exactly as it was: every document is compared before and after each callable's run.
 * FUZZ_RUNS (default 30) sets the payloads per callable, FUZZ_SEED picks another set of them.
 */
// fast-check is a development dependency of the functions package (its unit tests use it too).
import fc from '../../functions/node_modules/fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS_ORIGIN, PROJECT_ID, callFunction, resetAndSeed, signIn } from '../emulator';
import { fingerprint, uidOf } from './admin-sdk';
import { expectSentence } from './expect-call';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
/** The same payloads on every run unless FUZZ_SEED says otherwise (a failure prints its seed). */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const REFUSALS = [
	'INVALID_ARGUMENT',
	'UNAUTHENTICATED',
	'PERMISSION_DENIED',
	'NOT_FOUND',
	'FAILED_PRECONDITION'
];

/** What each callable takes: its keys, with the kind of value each expects. */
type Kind = 'id' | 'ids' | 'text' | 'amount' | 'bool' | 'enum' | 'stars' | 'email' | 'notBool';
const CALLABLES: Record<string, Record<string, Kind>> = {
	adminSetRole: { email: 'email', role: 'enum', groupId: 'id' },
	adminCreateGroup: { name: 'text', ownerEmail: 'email' },
	adminListUsers: { pageToken: 'text' },
	adminListGroups: {},
	adminUpdateSettings: { commissionBps: 'amount', lockMinCents: 'amount', lockMaxCents: 'amount' },
	adminRefundLock: { sessionId: 'id', lockId: 'id', reason: 'text' },
	adminReconcile: {},
	presenceOpenPanel: {},
	presenceSetStatus: { panelId: 'id', operatorIds: 'ids', status: 'enum' },
	presenceClosePanel: { panelId: 'id' },
	chatRequest: { operatorId: 'id' },
	chatCancel: { requestId: 'id' },
	chatAnswer: { requestId: 'id', accept: 'bool' },
	chatExpire: { requestId: 'id' },
	chatEnd: { sessionId: 'id' },
	chatRate: { sessionId: 'id', stars: 'stars', comment: 'text' },
	lockCreate: { sessionId: 'id', priceCents: 'amount', description: 'text' },
	lockWithdraw: { sessionId: 'id', lockId: 'id' },
	lockAgree: { sessionId: 'id', lockId: 'id', key: 'text' },
	lockDecline: { sessionId: 'id', lockId: 'id' },
	walletDemoTopUp: { amountCents: 'amount', key: 'text' },
	walletCheckout: { amountCents: 'amount', returnPath: 'text' },
	camJoin: { sessionId: 'id' },
	// Anything well-formed is saved (anyone may answer): its flag is never a boolean here.
	helpFeedback: { article: 'text', helpful: 'notBool', comment: 'text' }
};

const MIB = 'x'.repeat(1024 * 1024);
const strange = fc.constantFrom(
	'',
	' ',
	'\u0000',
	'\u200b\u200c\u200d\ufeff',
	'\u202eevil\u202c',
	'مرحبا بالعالم',
	'👩‍👩‍👧‍👦'.repeat(50),
	'../../etc/passwd',
	'a/b',
	'__name__',
	'.',
	'..',
	'%2F',
	'<script>alert(1)</script>',
	'é'.repeat(100_000),
	MIB
);
/** Amounts no callable accepts: zero, negative, fractional, beyond any limit, not finite. */
const badAmount = fc.oneof(
	fc.constantFrom(0, -1, -1250, 0.5, 12.34, 1e15, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity),
	fc.integer({ max: -1 }),
	fc.double({ noNaN: false }).filter((n) => !Number.isInteger(n)),
	fc.string({ maxLength: 8 })
);
const wrongType = fc.oneof(
	fc.constant(null),
	fc.boolean(),
	fc.integer(),
	fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
	fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 })
);

let others: string[] = [];
const otherId = () => fc.constantFrom(...others);

function value(kind: Kind): fc.Arbitrary<unknown> {
	const text = fc.oneof(strange, fc.string({ maxLength: 40 }), wrongType);
	switch (kind) {
		case 'id':
			return fc.oneof(strange, fc.string({ maxLength: 30 }), otherId(), wrongType);
		case 'ids':
			return fc.oneof(fc.array(fc.oneof(strange, otherId()), { maxLength: 300 }), wrongType);
		case 'amount':
			return badAmount;
		case 'bool':
			return fc.oneof(fc.constantFrom('true', 1, 0, 'yes'), wrongType);
		case 'notBool':
			return fc.oneof(fc.constantFrom('true', 1, 0, 'yes', null), fc.string({ maxLength: 5 }));
		case 'stars':
			return fc.oneof(fc.constantFrom(0, 6, -1, 2.5, NaN, '5'), wrongType);
		case 'enum':
		case 'email':
		case 'text':
			return text;
	}
}

/**
 * A hostile payload for a callable: garbage, or its keys with values at least one of which is
 * wrong (ids may be real ones, of other people's things), with keys dropped or added.
 */
function payload(keys: Record<string, Kind>): fc.Arbitrary<unknown> {
	const names = Object.keys(keys);
	const garbage = fc
		.oneof(fc.anything(), strange, fc.constant(MIB))
		// An empty body is a valid request to a callable that takes no arguments.
		.filter((p) => !(names.length === 0 && (p == null || isEmptyObject(p))));
	if (names.length === 0) {
		return fc.oneof(
			garbage,
			fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.anything(), {
				minKeys: 1,
				maxKeys: 3
			})
		);
	}
	const shaped = fc
		.record(Object.fromEntries(names.map((n) => [n, value(keys[n]!)])), { requiredKeys: [] })
		.chain((p) =>
			fc
				.option(
					fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.anything(), {
						minKeys: 1,
						maxKeys: 2
					}),
					{
						nil: undefined
					}
				)
				.map((extra) => ({ ...extra, ...p }))
		);
	// Well-formed where it can be (real ids of other people's things, ordinary text, a valid
	// choice) with amounts still wrong: these get past the schema to the checks on who may do
	// what to which document.
	const plausible = fc.record(Object.fromEntries(names.map((n) => [n, likely(keys[n]!)])), {
		requiredKeys: names
	});
	return fc.oneof(garbage, shaped, plausible);
}

function likely(kind: Kind): fc.Arbitrary<unknown> {
	switch (kind) {
		case 'id':
			return fc.oneof(otherId(), fc.stringMatching(/^[A-Za-z0-9]{20}$/));
		case 'ids':
			return fc.array(otherId(), { minLength: 1, maxLength: 3 });
		case 'amount':
			return badAmount;
		case 'bool':
			return fc.boolean();
		case 'notBool':
			return fc.constantFrom('true', 'false', 1, 0);
		case 'stars':
			return fc.integer({ min: 1, max: 5 });
		case 'enum':
			return fc.constantFrom('online', 'away', 'operator', 'customer', 'groupOwner');
		case 'email':
			return fc.constantFrom('alice@parley.test', 'bob@parley.test', 'luna@parley.test');
		case 'text':
			return fc.constantFrom('Hello', 'Reading', 'key-12345678', '/wallet');
	}
}

function isEmptyObject(p: unknown) {
	return typeof p === 'object' && p !== null && !Array.isArray(p) && Object.keys(p).length === 0;
}

let tokens: Record<string, string | undefined> = {};

beforeAll(async () => {
	const seed = await resetAndSeed();
	const emailOf = (role: string) => seed.accounts.find((a) => a.role === role)!.email;
	tokens = {
		anonymous: undefined,
		customer: await signIn('alice@parley.test', seed.password),
		operator: await signIn(emailOf('Operator'), seed.password),
		groupOwner: await signIn(emailOf('Group owner'), seed.password)
	};
	others = await Promise.all(seed.accounts.map((a) => uidOf(a.email)));
}, 120_000);

/** The response must be a refusal the app can show; returns a short label for the tally. */
function expectRefusal(
	name: string,
	r: { status: number; error?: { status: string; message: string } }
) {
	if (r.status === 413) return '413';
	expect(r.error, `${name} answered ${r.status} ${JSON.stringify(r).slice(0, 200)}`).toBeDefined();
	expect(REFUSALS, `${name}: ${r.error!.status} ${r.error!.message}`).toContain(r.error!.status);
	expectSentence(r.error!.message);
	return r.error!.status;
}

/**
 * Answers that are not refusals but change nothing, by design: closing a control panel that no
 * longer exists succeeds with nobody going offline (the page may close after the sweep did).
 */
const HARMLESS: Record<string, (result: unknown) => boolean> = {
	presenceClosePanel: (r) => JSON.stringify(r) === JSON.stringify({ wentOffline: [] })
};

describe('callable fuzzing: hostile payloads are refused and change nothing', () => {
	for (const [name, keys] of Object.entries(CALLABLES)) {
		it(
			name,
			async () => {
				const before = await fingerprint();
				expect(before.count).toBeGreaterThan(5);
				const tally: Record<string, number> = {};
				await fc.assert(
					fc.asyncProperty(
						payload(keys),
						fc.constantFrom('anonymous', 'customer', 'operator', 'groupOwner'),
						async (data, who) => {
							// The web SDK sends null for undefined, as the callable protocol asks.
							const r = await callFunction(name, data === undefined ? null : data, tokens[who]);
							const label =
								r.status === 200 && HARMLESS[name]?.(r.result)
									? 'harmless'
									: expectRefusal(name, r);
							tally[label] = (tally[label] ?? 0) + 1;
						}
					),
					{ numRuns: RUNS, seed: SEED }
				);
				expect(await fingerprint()).toEqual(before);
				console.log(`${name}: ${JSON.stringify(tally)}`);
			},
			300_000
		);
	}
});

describe('HTTP function fuzzing', () => {
	const post = (fn: string, body: string, headers: Record<string, string> = {}) =>
		fetch(`${FUNCTIONS_ORIGIN}/${PROJECT_ID}/us-central1/${fn}`, { method: 'POST', body, headers });
	const bodies = fc.oneof(
		fc.json(),
		strange,
		fc.constant(MIB),
		fc
			.record({ panelId: fc.oneof(strange, fc.string()), closeKey: fc.oneof(strange, fc.string()) })
			.map((b) => JSON.stringify(b))
	);

	it('presenceBeacon answers 400 (or 413) to anything but a real panel and key, and writes nothing', async () => {
		const before = await fingerprint();
		await fc.assert(
			fc.asyncProperty(
				bodies,
				fc.constantFrom('application/json', 'text/plain'),
				async (body, type) => {
					const r = await post('presenceBeacon', body, { 'content-type': type });
					expect([400, 413]).toContain(r.status);
				}
			),
			{ numRuns: RUNS, seed: SEED }
		);
		expect(await fingerprint()).toEqual(before);
	}, 300_000);

	it('stripeWebhook answers 400 (or 413/431 when too big) to unsigned or badly signed events, and writes nothing', async () => {
		const before = await fingerprint();
		await fc.assert(
			fc.asyncProperty(
				bodies,
				fc.option(fc.oneof(strange, fc.string(), fc.constant('t=1,v1=00')), { nil: undefined }),
				async (body, signature) => {
					const headers: Record<string, string> = { 'content-type': 'application/json' };
					if (signature !== undefined && /^[\x20-\x7e]*$/.test(signature))
						headers['stripe-signature'] = signature;
					const oversized =
						(headers['stripe-signature'] ?? '').length > 8_000 || body.length > MIB.length / 2;
					const r = await post('stripeWebhook', body, headers).catch((e: unknown) => {
						// A server refusing an oversized request may close the connection while the
						// body is still being sent: refused at the door, before the function.
						const code = (e as { cause?: { code?: string } }).cause?.code;
						if (oversized && (code === 'ECONNRESET' || code === 'EPIPE')) return { status: 431 };
						throw e;
					});
					// 431: a signature header past the server's header limit, refused before the function.
					expect([400, 413, 431]).toContain(r.status);
				}
			),
			{ numRuns: RUNS, seed: SEED }
		);
		expect(await fingerprint()).toEqual(before);
	}, 300_000);
});
