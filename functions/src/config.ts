/**
 * Deployment configuration for the functions: region, and (for later capabilities) params and
 * secrets. Secrets are declared with defineSecret and never live in the repo.
 */
import { FUNCTIONS_REGION } from './shared/callables.js';

export const REGION = FUNCTIONS_REGION;

/** True inside the Firebase emulators; demo-only features (the demo top-up) check this. */
export const IS_EMULATOR = process.env.FUNCTIONS_EMULATOR === 'true';
