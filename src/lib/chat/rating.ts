/**
 * Rating a finished chat: the customer's stars and comment go to the server (chatRate), which
 * accepts one rating per chat once it has ended. The rating then shows through the session
 * document; a refusal comes back as a sentence to show under the form.
 */
import { call, humanError } from '$lib/firebase/callables';

/** Resolves with null once the server has the rating, or with why it was refused. */
export async function rateChat(
	sessionId: string,
	rating: { stars: number; comment: string }
): Promise<string | null> {
	try {
		await call('chatRate', { sessionId, stars: rating.stars, comment: rating.comment });
		return null;
	} catch (error) {
		return humanError(error);
	}
}
