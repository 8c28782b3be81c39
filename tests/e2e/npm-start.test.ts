/**
 * `npm start` runs the presence sweep with the product's default timing. The integration tiers
 * shorten presence timing to keep tests quick; this file starts the real `npm start` (its own
 * ports, no shortened timing) and proves that a panel which stopped beating is closed by the
 * sweep that `npm start` runs, within one sweep period, and that its operator goes offline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The defaults the product promises (functions/src/shared/config.ts).
import { DEFAULTS } from '$shared/config';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// The start profile's ports (scripts/lib/setup.mjs), moved clear of this test run's own.
const SHIFT = Number(process.env.PARLEY_PORT_SHIFT ?? 0) + 1000;
// A shifted run has its own project id (scripts/lib/setup.mjs emulatorProfile).
const PROJECT = `demo-parley-${SHIFT}`;
const AUTH = `http://127.0.0.1:${9099 + SHIFT}`;
const FIRESTORE = `http://127.0.0.1:${8080 + SHIFT}`;
const FUNCTIONS = `http://127.0.0.1:${5001 + SHIFT}/${PROJECT}/us-central1`;
const DOCS = `${FIRESTORE}/v1/projects/${PROJECT}/databases/(default)/documents`;

let start: ChildProcess | undefined;
let output = '';
let exited: Promise<number | null>;

/** The environment of a person typing `npm start`: none of this test run's emulator settings. */
function plainEnv() {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value === undefined) continue;
		if (/EMULATOR|^GCLOUD_|^FIREBASE_|^PARLEY_|^PRESENCE_|^FUNCTIONS_/.test(key)) continue;
		env[key] = value;
	}
	return { ...env, PARLEY_PORT_SHIFT: String(SHIFT) };
}

beforeAll(async () => {
	start = spawn('node', ['scripts/start.mjs'], { cwd: ROOT, env: plainEnv(), stdio: 'pipe' });
	exited = new Promise((resolve) => start!.on('exit', resolve));
	start.stdout!.on('data', (chunk) => (output += chunk));
	start.stderr!.on('data', (chunk) => (output += chunk));
	const deadline = Date.now() + 240_000;
	while (!output.includes('Press Ctrl-C to stop.')) {
		if (start.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
		if (Date.now() > deadline) throw new Error(`npm start did not become ready:\n${output}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}, 260_000);

afterAll(async () => {
	if (!start || start.exitCode !== null) return;
	start.kill('SIGTERM');
	const code = await Promise.race([
		exited,
		new Promise((r) => setTimeout(() => r('timeout'), 20_000))
	]);
	if (code === 'timeout') start.kill('SIGKILL');
}, 30_000);

async function signIn(email: string): Promise<string> {
	const r = await fetch(
		`${AUTH}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`,
		{
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email, password: 'parley-demo', returnSecureToken: true })
		}
	);
	expect(r.status).toBe(200);
	return ((await r.json()) as { idToken: string }).idToken;
}

async function call<T>(name: string, data: unknown, token: string): Promise<T> {
	const r = await fetch(`${FUNCTIONS}/${name}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: JSON.stringify({ data })
	});
	const body = (await r.json()) as { result?: T; error?: unknown };
	if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(body.error)}`);
	return body.result as T;
}

async function field(path: string, name: string): Promise<unknown> {
	const r = await fetch(`${DOCS}/${path}`, { headers: { authorization: 'Bearer owner' } });
	const doc = (await r.json()) as { fields: Record<string, Record<string, unknown>> };
	const value = doc.fields[name]!;
	return value.stringValue ?? value.timestampValue ?? value.nullValue ?? value.integerValue;
}

describe('npm start', () => {
	it('prints the default presence timing', () => {
		expect(output).toContain(
			`control panels beat every ${DEFAULTS.heartbeatSeconds} s; a panel silent for ` +
				`${DEFAULTS.panelTimeoutSeconds} s is closed by the presence sweep, which runs every ` +
				`${DEFAULTS.sweepSeconds} s.`
		);
	});

	it('runs the presence sweep: a panel that stopped beating is closed within one sweep period', async () => {
		const token = await signIn('luna@parley.test');
		const panel = await call<{ panelId: string; operatorIds: string[]; heartbeatSeconds: number }>(
			'presenceOpenPanel',
			{},
			token
		);
		expect(panel.heartbeatSeconds).toBe(DEFAULTS.heartbeatSeconds);
		const [luna] = panel.operatorIds;
		await call(
			'presenceSetStatus',
			{ panelId: panel.panelId, operatorIds: [luna], status: 'online' },
			token
		);
		expect(await field(`operators/${luna}`, 'status')).toBe('online');

		// This panel never beats. Make its last heartbeat older than the default timeout, as if
		// the browser had been killed that long ago; then only the running sweep can close it.
		const stale = new Date(Date.now() - (DEFAULTS.panelTimeoutSeconds + 5) * 1000).toISOString();
		const patched = await fetch(
			`${DOCS}/panels/${panel.panelId}?updateMask.fieldPaths=heartbeatAt`,
			{
				method: 'PATCH',
				headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
				body: JSON.stringify({ fields: { heartbeatAt: { timestampValue: stale } } })
			}
		);
		expect(patched.status).toBe(200);

		const backdatedAt = Date.now();
		const deadline = backdatedAt + (DEFAULTS.sweepSeconds + 10) * 1000;
		while ((await field(`operators/${luna}`, 'status')) !== 'offline') {
			if (Date.now() > deadline) {
				throw new Error(`No sweep closed the panel within ${DEFAULTS.sweepSeconds + 10} s.`);
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		console.log(
			`npm start's sweep closed the silent panel ${Date.now() - backdatedAt} ms after it went stale`
		);
		expect(await field(`panels/${panel.panelId}`, 'closedReason')).toBe('timeout');
	}, 60_000);
});
