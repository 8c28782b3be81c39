/**
 * Typed callables: the only way the app calls Cloud Functions. Names and payload types come
 * from the shared contract; errors come back as sentences fit to show.
 */
import { httpsCallable } from 'firebase/functions';
import { FirebaseError } from 'firebase/app';
import type { CallableName, CallableRequest, CallableResponse } from '$shared/callables';
import { firebase } from './app';

/**
 * The shape of `call` narrowed to some callables: what a feature core takes, so its tests can pass
 * a fake transport instead of the Functions SDK.
 */
export type CallFn<Names extends CallableName> = <N extends Names>(
	name: N,
	data: CallableRequest<N>
) => Promise<CallableResponse<N>>;

export async function call<N extends CallableName>(
	name: N,
	data: CallableRequest<N>
): Promise<CallableResponse<N>> {
	const fn = httpsCallable<CallableRequest<N>, CallableResponse<N>>(firebase().functions, name);
	const result = await fn(data);
	return result.data;
}

const FALLBACKS: Record<string, string> = {
	'functions/unavailable': 'The server cannot be reached. Check your connection and try again.',
	'functions/internal': 'Something went wrong on our side. Please try again.',
	'functions/deadline-exceeded': 'The server took too long to answer. Please try again.',
	'auth/invalid-credential': 'That email and password do not match an account.',
	'auth/wrong-password': 'That email and password do not match an account.',
	'auth/user-not-found': 'That email and password do not match an account.',
	'auth/email-already-in-use': 'An account already uses this email address. Sign in instead.',
	'auth/weak-password': 'Choose a password of at least 6 characters.',
	'auth/invalid-email': 'Enter a valid email address.',
	'auth/too-many-requests': 'Too many attempts. Wait a moment and try again.',
	'auth/network-request-failed': 'The server cannot be reached. Check your connection.',
	'permission-denied': 'You are not allowed to do this.',
	unavailable: 'The server cannot be reached. Check your connection and try again.'
};

/** Turns any thrown value into a sentence for the person using the app. */
export function humanError(error: unknown): string {
	if (error instanceof FirebaseError) {
		const known = FALLBACKS[error.code] ?? FALLBACKS[error.code.replace(/^firestore\//, '')];
		// Callable errors other than transport failures carry sentences written by the functions.
		if (error.code.startsWith('functions/') && !known) return error.message;
		return known ?? error.message;
	}
	if (error instanceof Error) return error.message;
	return 'Something went wrong. Please try again.';
}

/**
 * A callable sent as the page goes away (pagehide): a keepalive fetch survives the page, which
 * the SDK's own request does not. It goes to the app's own origin (`/api/exit/<name>`, a Hosting
 * rewrite to the callable in firebase.json), because browsers refuse keepalive requests that
 * need a cross-origin preflight. It needs an ID token at hand, since nothing can be awaited then:
 * `prepareExitCall` fetches one ahead. The answer is never read.
 */
const EXIT_CALLS = ['chatCancel'] as const;
let exitToken: string | null = null;

export async function prepareExitCall(): Promise<void> {
	exitToken = (await firebase().auth.currentUser?.getIdToken()) ?? null;
}

export function callOnExit<N extends (typeof EXIT_CALLS)[number]>(
	name: N,
	data: CallableRequest<N>
): void {
	if (!exitToken) return;
	void fetch(`/api/exit/${name}`, {
		method: 'POST',
		keepalive: true,
		headers: { 'content-type': 'application/json', authorization: `Bearer ${exitToken}` },
		body: JSON.stringify({ data })
	}).catch(() => undefined);
}
