/**
 * Helpers shared by the functions and end-to-end tiers: reset the emulators, seed the demo
 * data, make accounts. They talk to the emulators' own REST endpoints, so the tests need no
 * Admin SDK of their own.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PROJECT_ID =
	process.env.PARLEY_PROJECT_ID ?? process.env.GCLOUD_PROJECT ?? 'demo-parley-test';
export const FIRESTORE_HOST = process.env.FIRESTORE_EMULATOR_HOST ?? '127.0.0.1:8180';
export const AUTH_HOST = process.env.FIREBASE_AUTH_EMULATOR_HOST ?? '127.0.0.1:9199';
export const FUNCTIONS_ORIGIN = process.env.PARLEY_FUNCTIONS_ORIGIN ?? 'http://127.0.0.1:5101';
export const APP_ORIGIN = process.env.PARLEY_APP_ORIGIN ?? 'http://127.0.0.1:4273';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * fetch with one retry when the emulator closed a kept-alive socket under us ("other side
 * closed"): the request never reached it, so sending it again is safe.
 */
async function fetch(input: string, init?: RequestInit): Promise<Response> {
	try {
		return await globalThis.fetch(input, init);
	} catch (error) {
		const code = (error as { cause?: { code?: string } }).cause?.code;
		if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error;
		return globalThis.fetch(input, init);
	}
}

async function check(response: Response, what: string) {
	if (!response.ok) throw new Error(`${what} failed: ${response.status} ${await response.text()}`);
	return response;
}

/** Deletes every Firestore document and every Auth account in the project. */
export async function resetEmulators() {
	const url = `http://${FIRESTORE_HOST}/emulator/v1/projects/${PROJECT_ID}/databases/(default)/documents`;
	// The presence sweep runs in the background; a transaction of its may hold a lock the clear
	// needs ("Transaction lock timeout", 409). The clear changed nothing then: try again.
	let response = await fetch(url, { method: 'DELETE' });
	for (let attempt = 1; response.status === 409 && attempt < 5; attempt++) {
		await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
		response = await fetch(url, { method: 'DELETE' });
	}
	await check(response, 'Clearing Firestore');
	await check(
		await fetch(`http://${AUTH_HOST}/emulator/v1/projects/${PROJECT_ID}/accounts`, {
			method: 'DELETE'
		}),
		'Clearing Auth'
	);
}

export interface SeedSummary {
	password: string;
	accounts: { role: string; email: string; name: string; note: string }[];
}

/** Resets the emulators and loads the demo data through the same seed `npm start` uses. */
export async function resetAndSeed(): Promise<SeedSummary> {
	await resetEmulators();
	const result = spawnSync('node', ['functions/lib/dev/seed-cli.js'], {
		cwd: ROOT,
		encoding: 'utf8',
		env: {
			...process.env,
			GCLOUD_PROJECT: PROJECT_ID,
			FIRESTORE_EMULATOR_HOST: FIRESTORE_HOST,
			FIREBASE_AUTH_EMULATOR_HOST: AUTH_HOST
		}
	});
	if (result.status !== 0) throw new Error(`Seeding failed: ${result.stderr}`);
	return JSON.parse(result.stdout.trim().split('\n').pop()!) as SeedSummary;
}

export interface TestAccount {
	uid: string;
	email: string;
	password: string;
	idToken: string;
}

/** Creates an account in the Auth emulator (optionally with custom claims) and signs it in. */
export async function createAccount(
	email: string,
	options: { password?: string; displayName?: string; claims?: Record<string, unknown> } = {}
): Promise<TestAccount> {
	const password = options.password ?? 'test-password';
	const base = `http://${AUTH_HOST}/identitytoolkit.googleapis.com/v1`;
	const signUp = await check(
		await fetch(`${base}/accounts:signUp?key=demo-api-key`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				email,
				password,
				displayName: options.displayName,
				returnSecureToken: true
			})
		}),
		`Creating ${email}`
	);
	const { localId } = (await signUp.json()) as { localId: string };
	if (options.claims) {
		await check(
			await fetch(`${base}/projects/${PROJECT_ID}/accounts:update`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
				body: JSON.stringify({ localId, customAttributes: JSON.stringify(options.claims) })
			}),
			`Setting claims of ${email}`
		);
	}
	return { uid: localId, email, password, idToken: await signIn(email, password) };
}

/** Signs in through the Auth emulator's REST API and returns a fresh ID token. */
export async function signIn(email: string, password: string): Promise<string> {
	const response = await check(
		await fetch(
			`http://${AUTH_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email, password, returnSecureToken: true })
			}
		),
		`Signing in ${email}`
	);
	return ((await response.json()) as { idToken: string }).idToken;
}

export interface CallResult<T> {
	status: number;
	result?: T;
	error?: { status: string; message: string };
}

/**
 * Calls a callable over the documented callable protocol (what the web SDK sends). `headers` are
 * added to the request (the fault tests ask for an injected fault with one).
 */
export async function callFunction<T = unknown>(
	name: string,
	data: unknown,
	idToken?: string,
	headers: Record<string, string> = {}
): Promise<CallResult<T>> {
	const response = await fetch(`${FUNCTIONS_ORIGIN}/${PROJECT_ID}/us-central1/${name}`, {
		method: 'POST',
		headers: {
			...headers,
			'content-type': 'application/json',
			...(idToken ? { authorization: `Bearer ${idToken}` } : {})
		},
		body: JSON.stringify({ data })
	});
	const body = (await response.json().catch(() => ({}))) as {
		result?: T;
		error?: { status: string; message: string };
	};
	return { status: response.status, ...body };
}

/** Reads a document as the emulator owner (bypassing rules); null when absent. */
export async function readDoc(path: string): Promise<Record<string, unknown> | null> {
	const response = await fetch(
		`http://${FIRESTORE_HOST}/v1/projects/${PROJECT_ID}/databases/(default)/documents/${path}`,
		{ headers: { authorization: 'Bearer owner' } }
	);
	if (response.status === 404) return null;
	await check(response, `Reading ${path}`);
	const doc = (await response.json()) as { fields?: Record<string, FirestoreValue> };
	return decodeFields(doc.fields ?? {});
}

type FirestoreValue = Record<string, unknown>;

function decodeValue(value: FirestoreValue): unknown {
	if ('stringValue' in value) return value.stringValue;
	if ('integerValue' in value) return Number(value.integerValue);
	if ('doubleValue' in value) return value.doubleValue;
	if ('booleanValue' in value) return value.booleanValue;
	if ('nullValue' in value) return null;
	if ('timestampValue' in value) return new Date(value.timestampValue as string);
	if ('arrayValue' in value) {
		return ((value.arrayValue as { values?: FirestoreValue[] }).values ?? []).map(decodeValue);
	}
	if ('mapValue' in value) {
		return decodeFields(
			(value.mapValue as { fields?: Record<string, FirestoreValue> }).fields ?? {}
		);
	}
	return value;
}

function decodeFields(fields: Record<string, FirestoreValue>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, decodeValue(v)]));
}

/** Decoded custom claims of an Auth emulator account. */
export async function claimsOf(uid: string): Promise<Record<string, unknown>> {
	const response = await check(
		await fetch(
			`http://${AUTH_HOST}/identitytoolkit.googleapis.com/v1/projects/${PROJECT_ID}/accounts:lookup`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
				body: JSON.stringify({ localId: [uid] })
			}
		),
		'Looking up account'
	);
	const user = ((await response.json()) as { users?: { customAttributes?: string }[] }).users?.[0];
	return user?.customAttributes
		? (JSON.parse(user.customAttributes) as Record<string, unknown>)
		: {};
}

/** Lists a top-level collection as the emulator owner (bypassing rules), each with its id. */
export async function listDocs(
	collection: string
): Promise<(Record<string, unknown> & { id: string })[]> {
	const base = `http://${FIRESTORE_HOST}/v1/projects/${PROJECT_ID}/databases/(default)/documents`;
	const docs: (Record<string, unknown> & { id: string })[] = [];
	let pageToken = '';
	do {
		const url = new URL(`${base}/${collection}`);
		url.searchParams.set('pageSize', '300');
		if (pageToken) url.searchParams.set('pageToken', pageToken);
		const response = await check(
			await fetch(url.toString(), { headers: { authorization: 'Bearer owner' } }),
			`Listing ${collection}`
		);
		const body = (await response.json()) as {
			documents?: { name: string; fields?: Record<string, FirestoreValue> }[];
			nextPageToken?: string;
		};
		for (const doc of body.documents ?? []) {
			docs.push({ ...decodeFields(doc.fields ?? {}), id: doc.name.split('/').pop()! });
		}
		pageToken = body.nextPageToken ?? '';
	} while (pageToken);
	return docs;
}
