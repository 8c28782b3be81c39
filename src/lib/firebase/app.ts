/**
 * Firebase initialisation and emulator wiring. Created lazily, in the browser only: nothing
 * here runs during prerendering. The handles are stateless connections, not user state (that
 * lives in the Account class, behind a context).
 */
import { getApps, initializeApp, type FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, type Auth } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore, type Firestore } from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions, type Functions } from 'firebase/functions';
import { FUNCTIONS_REGION } from '$shared/callables';

export interface FirebaseHandles {
	app: FirebaseApp;
	auth: Auth;
	db: Firestore;
	functions: Functions;
}

const env = import.meta.env;

/** True when this build talks to the local emulators (the only place demo top-ups exist). */
export const usingEmulators = env.VITE_USE_EMULATORS === 'true';

let handles: FirebaseHandles | undefined;

export function firebase(): FirebaseHandles {
	if (typeof window === 'undefined') {
		throw new Error('Firebase is used in the browser only.');
	}
	if (handles) return handles;
	const app =
		getApps()[0] ??
		initializeApp({
			projectId: env.VITE_FIREBASE_PROJECT_ID ?? 'demo-parley',
			apiKey: env.VITE_FIREBASE_API_KEY ?? 'demo-api-key',
			authDomain: env.VITE_FIREBASE_AUTH_DOMAIN,
			appId: env.VITE_FIREBASE_APP_ID
		});
	const auth = getAuth(app);
	const db = getFirestore(app);
	const functions = getFunctions(app, FUNCTIONS_REGION);
	if (usingEmulators) {
		const host = env.VITE_EMULATOR_HOST ?? '127.0.0.1';
		connectAuthEmulator(auth, `http://${host}:${env.VITE_EMULATOR_AUTH_PORT ?? 9099}`, {
			disableWarnings: true
		});
		connectFirestoreEmulator(db, host, Number(env.VITE_EMULATOR_FIRESTORE_PORT ?? 8080));
		connectFunctionsEmulator(functions, host, Number(env.VITE_EMULATOR_FUNCTIONS_PORT ?? 5001));
	}
	handles = { app, auth, db, functions };
	return handles;
}
