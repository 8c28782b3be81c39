import { describe, expect, it } from 'vitest';
import type { RequestStatus } from '$shared/chat';
import {
	RequestCall,
	requestOutcome,
	type ObservedRequest,
	type RequestCallSnapshot
} from './customer-request';
import { callableError, deferred, fakeCall, sentenceOf, type Handlers } from './fake-call';

type Names = 'chatRequest' | 'chatCancel' | 'chatExpire';

function doc(
	status: RequestStatus,
	extra: Partial<ObservedRequest> = {},
	id = 'r1'
): ObservedRequest {
	return {
		id,
		status,
		answeredByUid: null,
		sessionId: null,
		expiresAt: new Date(45_000),
		...extra
	};
}

function setup(handlers: Handlers<Names> = {}) {
	const { call, sent } = fakeCall<Names>({
		chatRequest: () => ({ requestId: 'r1', expiresAt: 44_000 }),
		chatCancel: () => ({ status: 'cancelled' }),
		chatExpire: () => ({ status: 'expired', sessionId: null }),
		...handlers
	});
	const exits: unknown[] = [];
	let rang = 0;
	const snapshots: RequestCallSnapshot[] = [];
	const core = new RequestCall(
		{
			call,
			callOnExit: (name, data) => exits.push({ name, data }),
			describe: sentenceOf,
			onRinging: () => rang++
		},
		(s) => snapshots.push(s)
	);
	return { core, sent, exits, snapshots, rang: () => rang };
}

describe('requestOutcome', () => {
	it('says how a request ended without a chat', () => {
		expect(requestOutcome(null, null)).toBeNull();
		expect(requestOutcome(null, doc('ringing'))).toBeNull();
		expect(requestOutcome(null, doc('accepted', { sessionId: 'r1' }))).toBeNull();
		expect(requestOutcome(null, doc('declined', { answeredByUid: 'op' }))).toBe('declined');
		// Declined by nobody: the operator started another chat meanwhile.
		expect(requestOutcome(null, doc('declined'))).toBe('busy');
		expect(requestOutcome(null, doc('expired'))).toBe('expired');
		expect(requestOutcome(null, doc('cancelled'))).toBe('cancelled');
		expect(requestOutcome('Refused.', doc('ringing'))).toBe('error');
		expect(requestOutcome('Refused.', doc('expired'))).toBe('error');
	});
});

describe('RequestCall', () => {
	it('asks, rings until the document says accepted, then names the session', async () => {
		const { core, sent, rang } = setup();
		const asking = core.ask('op');
		expect(core.snapshot).toMatchObject({ requestId: null, expiresAtMs: null, outcome: null });
		await asking;
		expect(sent).toEqual([{ name: 'chatRequest', data: { operatorId: 'op' } }]);
		expect(rang()).toBe(1);
		// The answer's expiry shows until the document is seen, then the document's.
		expect(core.snapshot).toMatchObject({ requestId: 'r1', expiresAtMs: 44_000 });
		core.observe(doc('ringing'));
		expect(core.snapshot).toMatchObject({ expiresAtMs: 45_000, outcome: null, sessionId: null });
		core.observe(doc('accepted', { sessionId: 'r1' }));
		expect(core.snapshot.sessionId).toBe('r1');
		expect(core.stillRinging).toBe(false);
	});

	it('a refused request is the error outcome with the server sentence; a retry starts afresh', async () => {
		let refuse = true;
		const { core, rang } = setup({
			chatRequest: () =>
				refuse
					? Promise.reject(callableError('failed-precondition', 'Luna is offline.'))
					: { requestId: 'r2', expiresAt: 90_000 }
		});
		await core.ask('op');
		expect(core.snapshot).toMatchObject({ outcome: 'error', error: 'Luna is offline.' });
		expect(core.stillRinging).toBe(false);
		expect(rang()).toBe(0);
		refuse = false;
		const retry = core.ask('op');
		expect(core.snapshot).toMatchObject({ outcome: null, error: null, requestId: null });
		await retry;
		expect(core.snapshot).toMatchObject({ requestId: 'r2', expiresAtMs: 90_000 });
	});

	it('ignores the document of an earlier request after a retry', async () => {
		let next = 'r1';
		const { core } = setup({ chatRequest: () => ({ requestId: next, expiresAt: 1 }) });
		await core.ask('op');
		core.observe(doc('expired'));
		expect(core.snapshot.outcome).toBe('expired');
		next = 'r2';
		await core.ask('op');
		core.observe(doc('expired', {}, 'r1'));
		expect(core.snapshot.outcome).toBeNull();
		expect(core.stillRinging).toBe(true);
	});

	it('the declined, expired and cancelled outcomes follow the document', async () => {
		const { core } = setup();
		await core.ask('op');
		core.observe(doc('declined', { answeredByUid: 'op' }));
		expect(core.snapshot.outcome).toBe('declined');
		core.observe(doc('declined'));
		expect(core.snapshot.outcome).toBe('busy');
		core.observe(doc('cancelled'));
		expect(core.snapshot.outcome).toBe('cancelled');
	});

	it('cancel is busy while in flight; a refusal becomes the error outcome', async () => {
		const answer = deferred<{ status: RequestStatus }>();
		const { core, sent } = setup({ chatCancel: () => answer.promise });
		await core.ask('op');
		const cancelling = core.cancel();
		expect(core.snapshot.cancelling).toBe(true);
		answer.reject(callableError('failed-precondition', 'Luna has just accepted.'));
		await cancelling;
		expect(core.snapshot).toMatchObject({
			cancelling: false,
			outcome: 'error',
			error: 'Luna has just accepted.'
		});
		expect(sent.at(-1)).toEqual({ name: 'chatCancel', data: { requestId: 'r1' } });
	});

	it('cancel and expire do nothing before the server has created the request', async () => {
		const { core, sent } = setup();
		await core.cancel();
		core.expire();
		core.leave();
		core.exit();
		expect(sent).toEqual([]);
	});

	it('expire asks the server to record it and ignores a refusal', async () => {
		const { core, sent } = setup({
			chatExpire: () => Promise.reject(callableError('failed-precondition', 'still ringing'))
		});
		await core.ask('op');
		core.expire();
		await Promise.resolve();
		expect(sent.at(-1)).toEqual({ name: 'chatExpire', data: { requestId: 'r1' } });
		expect(core.snapshot.error).toBeNull();
	});

	it('leaving while it rings cancels, even before its document was seen', async () => {
		const { core, sent, exits } = setup();
		await core.ask('op');
		expect(core.stillRinging).toBe(true);
		core.leave();
		expect(sent.at(-1)).toEqual({ name: 'chatCancel', data: { requestId: 'r1' } });
		core.exit();
		expect(exits).toEqual([{ name: 'chatCancel', data: { requestId: 'r1' } }]);
	});

	it('leaving after the request ended sends nothing', async () => {
		const { core, sent, exits } = setup();
		await core.ask('op');
		core.observe(doc('accepted', { sessionId: 'r1' }));
		core.leave();
		core.exit();
		expect(sent.map((s) => s.name)).toEqual(['chatRequest']);
		expect(exits).toEqual([]);
	});
});
