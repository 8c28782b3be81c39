/**
 * A Firestore emulator this process owns, so a fault run can kill it (SIGKILL: no goodbye, no
 * flush) and start it again from an export. scripts/faults.mjs passes the JAR and the ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const JAR = process.env.PARLEY_FAULT_FIRESTORE_JAR!;
const HOST = process.env.FIRESTORE_EMULATOR_HOST!;
const PROJECT = process.env.GCLOUD_PROJECT!;
const WS_PORT = process.env.PARLEY_FAULT_WS_PORT!;
const EXPORT_NAME = 'firestore_export';

export class FirestoreEmulator {
	private child: ChildProcess | null = null;

	/** Starts the emulator (optionally seeded from an export folder) and waits until it answers. */
	async start(seedFrom?: string): Promise<void> {
		const [host, port] = HOST.split(':');
		const args = [
			'-Duser.language=en',
			'-jar',
			JAR,
			'--host',
			host!,
			'--port',
			port!,
			'--websocket_port',
			WS_PORT,
			'--project_id',
			PROJECT,
			'--single_project_mode',
			'true'
		];
		if (seedFrom) {
			args.push(
				'--seed_from_export',
				join(seedFrom, EXPORT_NAME, `${EXPORT_NAME}.overall_export_metadata`)
			);
		}
		const child = spawn('java', args, { stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
		this.child = child;
		const deadline = Date.now() + 60_000;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`The Firestore emulator exited: ${stderr}`);
			try {
				const r = await fetch(`http://${HOST}/`);
				if (r.ok) return;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) throw new Error(`The Firestore emulator did not start: ${stderr}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}

	/** Writes the whole database to `dir` (the emulator's own export, as `--export-on-exit` does). */
	async exportTo(dir: string): Promise<void> {
		mkdirSync(dir, { recursive: true });
		const r = await fetch(`http://${HOST}/emulator/v1/projects/${PROJECT}:export`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				database: `projects/${PROJECT}/databases/(default)`,
				export_directory: dir,
				export_name: EXPORT_NAME
			})
		});
		if (!r.ok) throw new Error(`Export failed: ${r.status} ${await r.text()}`);
	}

	/** Kills the emulator outright and waits for the process to be gone. */
	async kill(): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null) return;
		const gone = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGKILL');
		await gone;
		this.child = null;
	}

	/** Deletes every document. */
	async clear(): Promise<void> {
		const url = `http://${HOST}/emulator/v1/projects/${PROJECT}/databases/(default)/documents`;
		const r = await fetch(url, { method: 'DELETE' });
		if (!r.ok) throw new Error(`Clearing failed: ${r.status}`);
	}
}
