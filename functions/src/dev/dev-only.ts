/**
 * Whether the demo-only features may run: the demo top-up (money from nowhere), the emulator's
 * sweep twin, fault injection, the operations meter and the seed.
 *
 * `FUNCTIONS_EMULATOR` alone is not enough: it is an environment variable like any other, and a
 * deployment that happened to set it (a copied .env, a misconfigured runtime) would turn money
 * from nowhere on in production. A project whose id starts with `demo-` cannot exist in Google
 * Cloud (the emulators reserve the prefix for projects that reach no real service), so requiring
 * both means a real project never runs these, whatever its environment says.
 */

type Env = Record<string, string | undefined>;

/** The project the code runs for, as the Functions runtime and the emulators name it. */
export function projectIdOf(env: Env = process.env): string {
	const direct = env.GCLOUD_PROJECT || env.GOOGLE_CLOUD_PROJECT || env.FIREBASE_PROJECT_ID;
	if (direct) return direct;
	try {
		const config = JSON.parse(env.FIREBASE_CONFIG ?? '') as { projectId?: unknown };
		return typeof config.projectId === 'string' ? config.projectId : '';
	} catch {
		return '';
	}
}

export function isDemoProject(env: Env = process.env): boolean {
	return projectIdOf(env).startsWith('demo-');
}

/** True only inside the Functions emulator running a demo- project. */
export function devOnly(env: Env = process.env): boolean {
	return env.FUNCTIONS_EMULATOR === 'true' && isDemoProject(env);
}

/** True only for a process talking to the Firestore and Auth emulators of a demo- project. */
export function demoEmulators(env: Env = process.env): boolean {
	return !!env.FIRESTORE_EMULATOR_HOST && !!env.FIREBASE_AUTH_EMULATOR_HOST && isDemoProject(env);
}
