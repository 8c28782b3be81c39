/**
 * Admin SDK handles. Initialised lazily so pure modules can be imported by unit tests and by the
 * seed script without side effects at import time.
 */
import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import { installOpsMeterFromEnvironment } from '../dev/ops-meter.js';

// The operations benchmark's read/write meter: only inside the Functions emulator, and only when
// the benchmark runner asks for it. A no-op everywhere else (production included).
installOpsMeterFromEnvironment();

function app() {
	return getApps()[0] ?? initializeApp();
}

export function db() {
	return getFirestore(app());
}

export function auth() {
	return getAuth(app());
}
