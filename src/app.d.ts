// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
		}
	}
}

interface ImportMetaEnv {
	readonly VITE_FIREBASE_PROJECT_ID?: string;
	readonly VITE_FIREBASE_API_KEY?: string;
	readonly VITE_FIREBASE_AUTH_DOMAIN?: string;
	readonly VITE_FIREBASE_APP_ID?: string;
	readonly VITE_USE_EMULATORS?: string;
	readonly VITE_EMULATOR_HOST?: string;
	readonly VITE_EMULATOR_AUTH_PORT?: string;
	readonly VITE_EMULATOR_FIRESTORE_PORT?: string;
	readonly VITE_EMULATOR_FUNCTIONS_PORT?: string;
}

export {};
