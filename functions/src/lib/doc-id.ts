import { z } from 'zod';
import { DOC_ID_PATTERN, INVALID_DOC_ID } from '../shared/paths.js';

/** A document id in a callable's payload (shared/paths.ts DOC_ID_PATTERN). */
export const docId = z.string().regex(DOC_ID_PATTERN, INVALID_DOC_ID);
