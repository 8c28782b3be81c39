/**
 * The options every function starts from. A module of its own, imported first by index.ts: an ES
 * module's imports are evaluated before its body, and each function records its options when it
 * is defined, so setGlobalOptions in index.ts's body reached none of them (deployed with the
 * platform's default cap and region instead).
 */
import { setGlobalOptions } from 'firebase-functions';
import { MAX_INSTANCES, REGION } from './config.js';

setGlobalOptions({ region: REGION, maxInstances: MAX_INSTANCES.default });
