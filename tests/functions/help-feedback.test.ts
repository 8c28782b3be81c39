/**
 * helpFeedback: "Was this helpful?" answers, signed in or not, through the callable that limits
 * how many one person (uid) or network address sends (LIMITS.feedbackPerHour). Refusals are
 * sentences and write nothing.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '$shared/config';
import { callFunction } from '../emulator';
import { db } from './admin-sdk';
import { token, uid, useChatAccounts } from './chat-kit';
import { expectOk, expectRefused } from './expect-call';

useChatAccounts();

const answer = (extra: Record<string, unknown> = {}) => ({
	article: 'how-locks-work',
	helpful: false,
	comment: 'The price part was unclear.',
	...extra
});

const send = (data: unknown, idToken?: string) => callFunction('helpFeedback', data, idToken);

async function saved() {
	const snap = await db().collection('helpFeedback').get();
	return snap.docs.map((d) => d.data());
}

async function counters() {
	const snap = await db().collection('rateLimits').get();
	return snap.docs.filter((d) => d.id.startsWith('feedback:'));
}

describe('helpFeedback', () => {
	it('saves an answer signed out (uid null) and signed in (the caller’s uid)', async () => {
		expect(expectOk(await send(answer()))).toEqual({ saved: true });
		expectOk(await send({ article: 'wallet', helpful: true }, token.alice));
		const all = await saved();
		expect(all).toHaveLength(2);
		expect(all.find((a) => a.uid === null)).toMatchObject({
			article: 'how-locks-work',
			helpful: false,
			comment: 'The price part was unclear.'
		});
		const alices = all.find((a) => a.uid === uid.alice)!;
		expect(alices).toMatchObject({ article: 'wallet', helpful: true, comment: '' });
		expect(typeof alices.createdAt.toMillis).toBe('function');
	});

	it('refuses bad answers with a sentence and writes nothing', async () => {
		for (const bad of [
			null,
			{},
			answer({ helpful: true }),
			answer({ comment: 'c'.repeat(LIMITS.feedbackCommentMax + 1) }),
			answer({ article: 'How-Locks-Work' }),
			answer({ article: 'locks/../admin' }),
			answer({ article: '' }),
			answer({ helpful: 'yes' }),
			answer({ comment: 42 }),
			// Attribution comes from the call's ID token, never from the payload.
			answer({ uid: 'someone-else' })
		]) {
			expectRefused(await send(bad, token.bob), 'INVALID_ARGUMENT');
		}
		expect(await saved()).toHaveLength(0);
		expect(await counters()).toHaveLength(0);
	});

	it(`at most ${LIMITS.feedbackPerHour} an hour from one address signed out, and from one person`, async () => {
		for (let i = 0; i < LIMITS.feedbackPerHour; i++) expectOk(await send(answer()));
		const refused = expectRefused(await send(answer()), 'RESOURCE_EXHAUSTED');
		expect(refused).toMatch(/^Thanks, we have plenty of answers from you for now\. Try again in/);
		expect(await saved()).toHaveLength(LIMITS.feedbackPerHour);
		// A signed-in person is counted by their account, not by the address.
		expectOk(await send(answer(), token.alice));
		expect(await saved()).toHaveLength(LIMITS.feedbackPerHour + 1);
		// The address is not stored: the counter's id holds a hash of it.
		const ids = (await counters()).map((d) => d.id).sort();
		expect(ids).toEqual(
			[`feedback:uid-${uid.alice}`, expect.stringMatching(/^feedback:ip-[0-9a-f]{32}$/)].sort()
		);
		for (const d of await counters()) {
			expect(Object.keys(d.data()).sort()).toEqual(['count', 'lastAt', 'since']);
		}
	});

	it('an hour after the window began, answers are counted afresh', async () => {
		const ref = db().doc(`rateLimits/feedback:uid-${uid.bob}`);
		const hourAgo = new Date(Date.now() - 61 * 60_000);
		await ref.set({ lastAt: hourAgo, count: LIMITS.feedbackPerHour, since: hourAgo });
		expectOk(await send(answer(), token.bob));
		expect((await ref.get()).get('count')).toBe(1);
		await ref.set({
			lastAt: new Date(),
			count: LIMITS.feedbackPerHour,
			since: new Date(Date.now() - 30 * 60_000)
		});
		expect(expectRefused(await send(answer(), token.bob), 'RESOURCE_EXHAUSTED')).toMatch(
			/Try again in 3\d minutes\.$/
		);
	});
});
