/**
 * One person as the app's browser would act for them, in Node: a Firebase web SDK app of its own
 * (Auth + Firestore against the emulators, so every client read, write and listener goes
 * through firestore.rules as that person), and the callables over the callable protocol with
 * that person's ID token. The soak (bench/soak) and the attack matrix
 * (tests/functions/attacks.test.ts) act through it.
 */
import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import {
	connectAuthEmulator,
	createUserWithEmailAndPassword,
	inMemoryPersistence,
	initializeAuth,
	signInWithEmailAndPassword,
	updateProfile,
	type Auth,
	type User
} from 'firebase/auth';
import {
	connectFirestoreEmulator,
	doc,
	getFirestore,
	serverTimestamp,
	setDoc,
	terminate,
	type Firestore
} from 'firebase/firestore';
import {
	AUTH_HOST,
	FIRESTORE_HOST,
	FUNCTIONS_ORIGIN,
	PROJECT_ID,
	type CallResult
} from './emulator';

/**
 * How long a callable may take before it counts as failed. The Functions emulator never answers
 * a request whose worker failed to start; without a bound, Node's fetch would wait five minutes.
 */
const CALL_TIMEOUT_MS = 90_000;

/**
 * A callable over the callable protocol (what the web SDK sends), bounded in time, with one
 * retry when the emulator closed a kept-alive socket under us (the request never reached it).
 */
export async function callFunction<T>(
	name: string,
	data: unknown,
	idToken?: string
): Promise<CallResult<T>> {
	const send = () =>
		fetch(`${FUNCTIONS_ORIGIN}/${PROJECT_ID}/us-central1/${name}`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				...(idToken ? { authorization: `Bearer ${idToken}` } : {})
			},
			body: JSON.stringify({ data }),
			signal: AbortSignal.timeout(CALL_TIMEOUT_MS)
		});
	let response: Response;
	try {
		response = await send();
	} catch (error) {
		const code = (error as { cause?: { code?: string } }).cause?.code;
		if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error;
		response = await send();
	}
	const body = (await response.json().catch(() => ({}))) as {
		result?: T;
		error?: { status: string; message: string };
	};
	return { status: response.status, ...body };
}

/** A callable refused or failed: the protocol's status and message, and its details. */
export class CallError extends Error {
	constructor(
		readonly callable: string,
		readonly status: string,
		message: string,
		readonly details?: unknown
	) {
		super(`${callable}: ${status}: ${message}`);
	}
}

export class Client {
	private constructor(
		readonly app: FirebaseApp,
		readonly auth: Auth,
		readonly db: Firestore,
		readonly user: User,
		readonly name: string
	) {}

	get uid() {
		return this.user.uid;
	}

	private static make() {
		const app = initializeApp(
			{ projectId: PROJECT_ID, apiKey: 'demo-api-key', appId: 'demo-app' },
			`client-${randomUUID()}`
		);
		const auth = initializeAuth(app, { persistence: inMemoryPersistence });
		connectAuthEmulator(auth, `http://${AUTH_HOST}`, { disableWarnings: true });
		const db = getFirestore(app);
		const [host, port] = FIRESTORE_HOST.split(':');
		connectFirestoreEmulator(db, host!, Number(port));
		return { app, auth, db };
	}

	/** Signs up as the app does: the account, its display name, then its users/{uid} document. */
	static async signUp(email: string, password: string, name: string): Promise<Client> {
		const { app, auth, db } = Client.make();
		const { user } = await createUserWithEmailAndPassword(auth, email, password);
		await updateProfile(user, { displayName: name });
		await setDoc(doc(db, 'users', user.uid), {
			displayName: name,
			email,
			role: 'customer',
			groupId: null,
			avatarVersion: 0,
			createdAt: serverTimestamp(),
			updatedAt: serverTimestamp()
		});
		return new Client(app, auth, db, user, name);
	}

	static async signIn(email: string, password: string, name = email): Promise<Client> {
		const { app, auth, db } = Client.make();
		const { user } = await signInWithEmailAndPassword(auth, email, password);
		return new Client(app, auth, db, user, name);
	}

	/** Fetches a fresh ID token (after a role change: the new claims reach the rules too). */
	async refreshClaims() {
		await this.user.getIdToken(true);
	}

	/** Calls a callable as this person; answers what the protocol answered, refusals included. */
	async request<T>(name: string, data: unknown): Promise<CallResult<T>> {
		try {
			return await callFunction<T>(name, data, await this.user.getIdToken());
		} catch (e) {
			const cause = (e as { cause?: { message?: string } }).cause?.message;
			throw new Error(`${name}: ${(e as Error).message}${cause ? ` (${cause})` : ''}`);
		}
	}

	/** Calls a callable; throws CallError when it refuses. */
	async call<T>(name: string, data: unknown): Promise<T> {
		const r = await this.request<T>(name, data);
		if (r.error || r.status !== 200) {
			const e = r.error as { status?: string; message?: string; details?: unknown } | undefined;
			throw new CallError(name, e?.status ?? `HTTP ${r.status}`, e?.message ?? '', e?.details);
		}
		return r.result as T;
	}

	async close() {
		await terminate(this.db).catch(() => undefined);
		await deleteApp(this.app).catch(() => undefined);
	}
}
