/**
 * Resident memory (VmRSS from /proc) of the processes a soak runs on: the Firestore emulator
 * (java), the Functions emulator's workers, the firebase CLI process (it hosts the emulator hub,
 * Hosting, Auth and the Functions emulator's controller), the soak driver itself, and a browser.
 * Linux only; elsewhere every figure is null.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

interface Proc {
	pid: number;
	ppid: number;
	comm: string;
	cmd: string;
}

function readProc(pid: number): Proc | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// comm is in parentheses and may contain spaces: fields after the last ')'.
		const close = stat.lastIndexOf(')');
		const comm = stat.slice(stat.indexOf('(') + 1, close);
		const ppid = Number(stat.slice(close + 2).split(' ')[1]);
		const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
		return { pid, ppid, comm, cmd };
	} catch {
		return null; // gone meanwhile
	}
}

function allProcs(): Map<number, Proc> {
	const map = new Map<number, Proc>();
	let names: string[] = [];
	try {
		names = readdirSync('/proc');
	} catch {
		return map;
	}
	for (const name of names) {
		if (!/^\d+$/.test(name)) continue;
		const p = readProc(Number(name));
		if (p) map.set(p.pid, p);
	}
	return map;
}

/** VmRSS in bytes, or 0 when the process is gone. */
export function rssOf(pid: number): number {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

/** Proportional set size in bytes (shared pages split between their users), or 0. */
export function pssOf(pid: number): number {
	try {
		const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
		return m ? Number(m[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

function descendants(all: Map<number, Proc>, root: number): Proc[] {
	const children = new Map<number, Proc[]>();
	for (const p of all.values()) {
		const list = children.get(p.ppid);
		if (list) list.push(p);
		else children.set(p.ppid, [p]);
	}
	const out: Proc[] = [];
	const stack = [...(children.get(root) ?? [])];
	while (stack.length) {
		const p = stack.pop()!;
		out.push(p);
		stack.push(...(children.get(p.pid) ?? []));
	}
	return out;
}

export interface MemorySample {
	/** Seconds since the soak started. */
	t: number;
	firestoreRss: number | null;
	functionsWorkersRss: number | null;
	/** The workers' proportional share (their RSS counts shared pages once per worker). */
	functionsWorkersPss: number | null;
	functionsWorkers: number | null;
	emulatorCliRss: number | null;
	driverRss: number;
	browserRss: number | null;
	browserPss: number | null;
	browserProcesses: number | null;
}

interface EmulatorProcs {
	cli: Proc;
	java: Proc[];
	workers: Proc[];
}

/**
 * The emulators are the descendants of the `firebase emulators:exec` process this driver runs
 * under, minus the command it runs (this driver's own branch). Null when not run that way.
 */
function emulatorProcs(all: Map<number, Proc>): EmulatorProcs | null {
	// Walk up to the CLI; remember the branch we came from.
	for (let p = all.get(process.pid); p; p = all.get(p.ppid)) {
		const parent = all.get(p.ppid);
		if (parent && /emulators:(exec|start)/.test(parent.cmd)) {
			const branch = p.pid;
			const mine = new Set([branch, ...descendants(all, branch).map((d) => d.pid)]);
			const emulators = descendants(all, parent.pid).filter((d) => !mine.has(d.pid));
			return {
				cli: parent,
				java: emulators.filter((d) => d.comm === 'java' || /\bjava\b/.test(d.cmd)),
				workers: emulators.filter((d) => /functionsEmulatorRuntime/.test(d.cmd))
			};
		}
	}
	return null;
}

/**
 * Finds the processes once per sample (workers come and go). The browser is the Chromium
 * processes below this process.
 */
export function sampleMemory(t: number): MemorySample {
	const all = allProcs();
	const sample: MemorySample = {
		t,
		firestoreRss: null,
		functionsWorkersRss: null,
		functionsWorkersPss: null,
		functionsWorkers: null,
		emulatorCliRss: null,
		driverRss: rssOf(process.pid),
		browserRss: null,
		browserPss: null,
		browserProcesses: null
	};
	if (all.size === 0) return sample;
	const emulators = emulatorProcs(all);
	if (emulators) {
		const { cli, java, workers } = emulators;
		sample.firestoreRss = java.reduce((s, p) => s + rssOf(p.pid), 0);
		sample.functionsWorkersRss = workers.reduce((s, p) => s + rssOf(p.pid), 0);
		sample.functionsWorkersPss = workers.reduce((s, p) => s + pssOf(p.pid), 0);
		sample.functionsWorkers = workers.length;
		sample.emulatorCliRss = rssOf(cli.pid);
	}
	const browser = descendants(all, process.pid).filter((p) => /chrom/i.test(p.comm));
	if (browser.length) {
		sample.browserRss = browser.reduce((s, p) => s + rssOf(p.pid), 0);
		sample.browserPss = browser.reduce((s, p) => s + pssOf(p.pid), 0);
		sample.browserProcesses = browser.length;
	}
	return sample;
}

/**
 * Bytes in use on the heaps of `jcmd GC.heap_info`'s lines ("total 123K, used 45K"): the G1
 * heap, or Serial's young and old generations. Metaspace lines read "used …, committed …" and
 * are not heap.
 */
export function parseHeapInfo(text: string): number | null {
	const used = [...text.matchAll(/\btotal \d+K, used (\d+)K/g)].map((m) => Number(m[1]) * 1024);
	return used.length ? used.reduce((s, v) => s + v, 0) : null;
}

/**
 * The Firestore emulator's live Java heap: a full collection (`jcmd GC.run`), then the bytes
 * still in use (`jcmd GC.heap_info`). Unlike RSS — the JVM keeps heap it once grew to — this is
 * what the emulator retains: its stored documents, listeners and caches. Null where jcmd is
 * missing or cannot attach.
 */
export function firestoreLiveHeap(): number | null {
	const emulators = emulatorProcs(allProcs());
	if (!emulators || emulators.java.length === 0) return null;
	let total = 0;
	for (const p of emulators.java) {
		try {
			execFileSync('jcmd', [String(p.pid), 'GC.run'], { stdio: 'pipe', timeout: 60_000 });
			const info = execFileSync('jcmd', [String(p.pid), 'GC.heap_info'], {
				encoding: 'utf8',
				stdio: 'pipe',
				timeout: 60_000
			});
			const used = parseHeapInfo(info);
			if (used === null) return null;
			total += used;
		} catch {
			return null;
		}
	}
	return total;
}
