/**
 * The signed-in person's ID token, as the pages that prove presence need it.
 *
 * An ID token lives an hour. Production Firestore closes a listen or write stream whose token has
 * expired, and the SDK must renew the token to open another; the emulator never checks expiry, so
 * a stream opened with a token that has since expired keeps accepting writes there. A heartbeat
 * that says "this person is still here" must not depend on that difference: it goes out only with
 * a token the SDK can still vouch for, so a page whose sign-in cannot be renewed falls silent the
 * same way on both, and the sweep takes its operators offline.
 */
import { firebase } from './app';

/** Said when the token could not be renewed because the sign-in service is out of reach. */
export const SIGN_IN_UNREACHABLE =
	'Your sign-in could not be renewed: the sign-in service cannot be reached. ' +
	'Check your connection and try again.';

/**
 * Renews the ID token if it has expired (free while it is fresh: the SDK answers from memory).
 * When the sign-in service cannot be reached, callables would go out without a token and the
 * server would answer "Please sign in first." to someone who is signed in: this says what is
 * really wrong instead.
 */
export async function renewedSignIn(): Promise<void> {
	try {
		await firebase().auth.currentUser?.getIdToken();
	} catch (error) {
		if ((error as { code?: string })?.code !== 'auth/network-request-failed') throw error;
		throw new Error(SIGN_IN_UNREACHABLE);
	}
}

/** True when the person is signed in with a token that is still valid or could be renewed. */
export async function signInIsLive(): Promise<boolean> {
	const user = firebase().auth.currentUser;
	if (!user) return false;
	return user.getIdToken().then(
		() => true,
		() => false
	);
}
