import { z } from 'zod';
import { LIMITS } from '../shared/config.js';

export const helpFeedbackSchema = z
	.strictObject({
		article: z.string().regex(/^[a-z0-9-]{1,80}$/, 'That is not a help article.'),
		helpful: z.boolean('Say whether the article helped: true or false.'),
		comment: z
			.string()
			.trim()
			.max(
				LIMITS.feedbackCommentMax,
				`Comments have at most ${LIMITS.feedbackCommentMax} characters.`
			)
			.default('')
	})
	.refine((f) => !f.helpful || f.comment === '', {
		message: 'A comment goes with a "No" answer only.'
	});
