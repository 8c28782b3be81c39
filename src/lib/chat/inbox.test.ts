import { describe, expect, it } from 'vitest';
import { Inbox, type ChatWindows, type InboxSnapshot } from './inbox';
import { callableError, deferred, fakeCall, sentenceOf, type Handlers } from './fake-call';

/** Windows as plain records: what was reserved, where each went, which were closed. */
function fakeWindows() {
	const opened: { url: string | null; closed: boolean }[] = [];
	const windows: ChatWindows<(typeof opened)[number]> = {
		reserve() {
			const w = { url: null, closed: false };
			opened.push(w);
			return w;
		},
		show(reserved, url) {
			if (reserved) reserved.url = url;
			else opened.push({ url, closed: false });
		},
		release(reserved) {
			if (reserved) reserved.closed = true;
		}
	};
	return { windows, opened };
}

function setup(handlers: Handlers<'chatAnswer' | 'chatExpire'>) {
	const { call, sent } = fakeCall<'chatAnswer' | 'chatExpire'>(handlers);
	const { windows, opened } = fakeWindows();
	const snapshots: InboxSnapshot[] = [];
	const inbox = new Inbox({ call, describe: sentenceOf, windows }, (s) => snapshots.push(s));
	return { inbox, sent, opened, snapshots };
}

describe('Inbox', () => {
	it('accepts: reserves a window in the click, then points it at the chat', async () => {
		const answer = deferred<{ sessionId: string | null }>();
		const { inbox, sent, opened } = setup({ chatAnswer: () => answer.promise });
		const done = inbox.answer('r1', true);
		// Reserved before anything was awaited: a pop-up opened later would be blocked.
		expect(opened).toEqual([{ url: null, closed: false }]);
		expect(inbox.busy('r1')).toBe(true);
		expect(inbox.snapshot.answers.r1).toEqual({ kind: 'answering', accept: true });
		answer.resolve({ sessionId: 's1' });
		expect(await done).toEqual({ kind: 'accepted', sessionId: 's1' });
		expect(opened).toEqual([{ url: '/chat/s1', closed: false }]);
		expect(inbox.busy('r1')).toBe(false);
		expect(sent).toEqual([{ name: 'chatAnswer', data: { requestId: 'r1', accept: true } }]);
	});

	it('opens the chat in a new window when none could be reserved', async () => {
		const { call } = fakeCall<'chatAnswer' | 'chatExpire'>({
			chatAnswer: () => ({ sessionId: 's1' })
		});
		const shown: (string | null)[] = [];
		const inbox = new Inbox(
			{
				call,
				describe: sentenceOf,
				windows: {
					reserve: () => null,
					show: (reserved, url) => shown.push(reserved === null ? url : null),
					release: () => undefined
				}
			},
			() => undefined
		);
		await inbox.answer('r1', true);
		expect(shown).toEqual(['/chat/s1']);
	});

	it('declines without opening a window', async () => {
		const { inbox, sent, opened } = setup({ chatAnswer: () => ({ sessionId: null }) });
		expect(await inbox.answer('r1', false)).toEqual({ kind: 'declined' });
		expect(opened).toEqual([]);
		expect(sent).toEqual([{ name: 'chatAnswer', data: { requestId: 'r1', accept: false } }]);
	});

	it('another window answered first: closes the reserved window and says why', async () => {
		const sentence = 'This request was already answered in another window.';
		const { inbox, opened } = setup({
			chatAnswer: () => Promise.reject(callableError('failed-precondition', sentence))
		});
		expect(await inbox.answer('r1', true)).toEqual({ kind: 'alreadyAnswered', message: sentence });
		expect(opened).toEqual([{ url: null, closed: true }]);
		expect(inbox.snapshot.error).toBe(sentence);
		expect(inbox.busy('r1')).toBe(false);
	});

	it('any other failure is shown as it is, and cleared by the next answer', async () => {
		let fail = true;
		const { inbox } = setup({
			chatAnswer: () =>
				fail
					? Promise.reject(callableError('unavailable', 'The server cannot be reached.'))
					: { sessionId: null }
		});
		expect(await inbox.answer('r1', false)).toEqual({
			kind: 'failed',
			message: 'The server cannot be reached.'
		});
		expect(inbox.snapshot.error).toBe('The server cannot be reached.');
		fail = false;
		const next = inbox.answer('r2', false);
		expect(inbox.snapshot.error).toBeNull();
		await next;
		expect(inbox.snapshot.error).toBeNull();
	});

	it('keeps answers apart: one request in flight does not block another', async () => {
		const first = deferred<{ sessionId: string | null }>();
		const { inbox } = setup({
			chatAnswer: ({ requestId }) => (requestId === 'r1' ? first.promise : { sessionId: null })
		});
		const one = inbox.answer('r1', false);
		await inbox.answer('r2', false);
		expect(inbox.busy('r1')).toBe(true);
		expect(inbox.busy('r2')).toBe(false);
		first.resolve({ sessionId: null });
		await one;
		expect(inbox.busy('r1')).toBe(false);
	});

	it('a request that rang out asks the server to record it, ignoring refusals', async () => {
		const { inbox, sent } = setup({
			chatExpire: () => Promise.reject(callableError('failed-precondition', 'still ringing'))
		});
		inbox.expire('r1');
		expect(inbox.snapshot.answers.r1).toEqual({ kind: 'expired' });
		expect(sent).toEqual([{ name: 'chatExpire', data: { requestId: 'r1' } }]);
		await Promise.resolve();
		expect(inbox.snapshot.error).toBeNull();
	});

	it('an answer in flight stays answering when the countdown ends', () => {
		const { inbox } = setup({
			chatAnswer: () => deferred<{ sessionId: string | null }>().promise,
			chatExpire: () => ({ status: 'expired', sessionId: null })
		});
		void inbox.answer('r1', true);
		inbox.expire('r1');
		expect(inbox.busy('r1')).toBe(true);
	});

	it('forgets requests that stopped ringing, but not an answer in flight', async () => {
		const pending = deferred<{ sessionId: string | null }>();
		const { inbox, snapshots } = setup({
			chatAnswer: ({ requestId }) => (requestId === 'r2' ? pending.promise : { sessionId: null }),
			chatExpire: () => ({ status: 'expired', sessionId: null })
		});
		await inbox.answer('r1', false);
		void inbox.answer('r2', false);
		inbox.expire('r3');
		const before = snapshots.length;
		inbox.keepOnly(['r3']);
		expect(Object.keys(inbox.snapshot.answers).sort()).toEqual(['r2', 'r3']);
		expect(snapshots.length).toBe(before + 1);
		inbox.keepOnly(['r3']);
		expect(snapshots.length).toBe(before + 1);
	});
});
