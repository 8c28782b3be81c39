/**
 * JavaScript each route ships on a first visit, gzip-compressed, from the production build the
 * bench runner has just made (the same build the Hosting emulator serves).
 *
 * Method: Vite's client manifest (<kit out>/output/client/.vite/manifest.json) and Kit's route
 * table (<kit out>/output/server/manifest-full.js). A first visit downloads Kit's two entries
 * (start, app), the root layout and root error nodes (Kit's client imports both eagerly at
 * start), the route's layout chain and page node, and everything those import statically,
 * transitively, each file once. Each file is read from the build folder and compressed with
 * node:zlib at level 9 (what Firebase Hosting sends is gzip or brotli; gzip -9 is a stable,
 * comparable figure). What those files import dynamically (e.g. livekit-client when a webcam
 * starts, the emoji picker when it opens) is not in the total: it is listed per chunk, in its
 * own rows and in the JSON, with the routes that can load it.
 * Check: every route is then opened in Chromium (first visit, empty cache, signed out) and the
 * JavaScript files it requests are compared with the prediction: the bench fails if a predicted
 * file is not requested, and reports files requested beyond it (signed out, the routes behind
 * sign-in also load the sign-in page they send the visitor to).
 * The bench fails if a route of src/routes is missing from Kit's table or has a zero total.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { launch, newPage } from '../tests/e2e/browser';
import { report, type Metric } from './lib/report';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHIFT = Number(process.env.PARLEY_PORT_SHIFT ?? 0);
// scripts/bench.mjs builds into these folders (and passes them on); the same rule otherwise.
const BUILD_DIR = join(
	ROOT,
	process.env.PARLEY_BENCH_BUILD_DIR ?? `.cache/build-bench${SHIFT ? `-${SHIFT}` : ''}`
);
const KIT_OUT = join(
	ROOT,
	process.env.PARLEY_BENCH_KIT_OUT ?? (SHIFT ? `.cache/kit-${SHIFT}` : '.svelte-kit')
);

interface Chunk {
	file: string;
	name?: string;
	src?: string;
	isEntry?: boolean;
	isDynamicEntry?: boolean;
	imports?: string[];
	dynamicImports?: string[];
}
type ViteManifest = Record<string, Chunk>;

interface KitRoute {
	id: string;
	page: { layouts: (number | undefined)[]; errors: (number | undefined)[]; leaf: number } | null;
}

/** Route ids of every +page.svelte under src/routes (groups such as (app) removed). */
function sourceRoutes(dir = join(ROOT, 'src', 'routes')): string[] {
	const found: string[] = [];
	const walk = (d: string) => {
		for (const entry of readdirSync(d)) {
			const path = join(d, entry);
			if (statSync(path).isDirectory()) walk(path);
			else if (/^\+page(@.*)?\.svelte$/.test(entry)) {
				const rel = relative(dir, d).split(sep).filter(Boolean);
				found.push('/' + rel.join('/'));
			}
		}
	};
	walk(dir);
	return found.sort();
}

const gzipCache = new Map<string, { raw: number; gzip: number }>();
function sizeOf(file: string) {
	let size = gzipCache.get(file);
	if (!size) {
		const body = readFileSync(join(BUILD_DIR, file));
		size = { raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
		gzipCache.set(file, size);
	}
	return size;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A URL that opens the route: parameters filled with something the build can serve. */
function sampleUrl(id: string): string {
	if (id === '/help/[slug]') {
		const slug = readdirSync(join(BUILD_DIR, 'help'))
			.filter((f) => f.endsWith('.html'))
			.map((f) => f.replace(/\.html$/, ''))
			.sort()[0];
		if (!slug) throw new Error('No prerendered help page in the build.');
		return `/help/${slug}`;
	}
	return id.replace(/\[\.{0,3}[^\]]+\]/g, 'bench-sample');
}

it('bundle: first-visit JavaScript per route (gzip)', async () => {
	const manifestPath = join(KIT_OUT, 'output', 'client', '.vite', 'manifest.json');
	const kitManifestPath = join(KIT_OUT, 'output', 'server', 'manifest-full.js');
	for (const p of [manifestPath, kitManifestPath, BUILD_DIR]) {
		if (!existsSync(p)) throw new Error(`${p} is missing: run this through npm run bench.`);
	}
	const vite = JSON.parse(readFileSync(manifestPath, 'utf8')) as ViteManifest;
	const kit = (await import(pathToFileURL(kitManifestPath).href)).manifest as {
		_: { client: { start: string; app: string }; routes: KitRoute[] };
	};

	// Manifest keys by output file, and the keys of Kit's nodes by index.
	const keyOfFile = new Map(Object.entries(vite).map(([key, c]) => [c.file, key]));
	const nodeKey = (index: number) => {
		const key = Object.keys(vite).find((k) =>
			k.endsWith(`generated/client-optimized/nodes/${index}.js`)
		);
		if (!key) throw new Error(`Node ${index} is not in the client manifest.`);
		return key;
	};
	const entryKey = (file: string) => {
		const key = keyOfFile.get(file);
		if (!key) throw new Error(`Kit's entry ${file} is not in the client manifest.`);
		return key;
	};
	const nodeKeys = new Set(
		Object.keys(vite).filter((k) => /generated\/client-optimized\/nodes\/\d+\.js$/.test(k))
	);

	/** Static import closure of some manifest keys; the dynamic imports met on the way. */
	function closure(keys: string[]) {
		const files = new Set<string>();
		const dynamic = new Set<string>();
		const seen = new Set<string>();
		const visit = (key: string) => {
			if (seen.has(key)) return;
			seen.add(key);
			const chunk = vite[key];
			if (!chunk) throw new Error(`${key} is not in the client manifest.`);
			files.add(chunk.file);
			for (const i of chunk.imports ?? []) visit(i);
			for (const d of chunk.dynamicImports ?? []) dynamic.add(d);
		};
		keys.forEach(visit);
		return { files, dynamic };
	}
	const sum = (files: Iterable<string>) => {
		let raw = 0;
		let gzip = 0;
		for (const f of files) {
			if (!f.endsWith('.js')) continue;
			const s = sizeOf(f);
			raw += s.raw;
			gzip += s.gzip;
		}
		return { raw, gzip };
	};

	const shellKeys = [
		entryKey(kit._.client.start),
		entryKey(kit._.client.app),
		nodeKey(0),
		nodeKey(1)
	];
	const shell = closure(shellKeys);

	const routes = sourceRoutes();
	expect(routes.length).toBeGreaterThan(10);
	const rows: {
		route: string;
		files: string[];
		raw: number;
		gzip: number;
		lazy: string[];
	}[] = [];
	const lazyRoutes = new Map<string, Set<string>>();
	for (const id of routes) {
		const route = kit._.routes.find((r) => r.id === id);
		if (!route?.page) throw new Error(`Route ${id} is missing from Kit's route table.`);
		const nodes = [
			...route.page.layouts.filter((n): n is number => n !== undefined),
			route.page.leaf
		];
		const first = closure([...shellKeys, ...nodes.map(nodeKey)]);
		const files = [...first.files].filter((f) => f.endsWith('.js')).sort();
		const { raw, gzip } = sum(files);
		if (!(gzip > 0) || files.length === 0) throw new Error(`Route ${id} ships no JavaScript?`);
		const lazy = [...first.dynamic].filter(
			(k) => !nodeKeys.has(k) && !first.files.has(vite[k]!.file)
		);
		for (const k of lazy) {
			if (!lazyRoutes.has(k)) lazyRoutes.set(k, new Set());
			lazyRoutes.get(k)!.add(id);
		}
		rows.push({ route: id, files, raw, gzip, lazy: lazy.sort() });
	}

	// Lazily loaded chunks: what each costs beyond the shell when it loads.
	const lazy = [...lazyRoutes.entries()]
		.map(([key, from]) => {
			const files = [...closure([key]).files].filter((f) => !shell.files.has(f));
			return { module: key, files: files.sort(), ...sum(files), routes: [...from].sort() };
		})
		.sort((a, b) => b.gzip - a.gzip);

	// Check the prediction against what Chromium requests on a first visit of each route.
	const browser = await launch();
	const observed: Record<string, { missing: string[]; extra: string[] }> = {};
	try {
		for (const row of rows) {
			const { context, page } = await newPage(browser.browser);
			const requested = new Set<string>();
			page.on('request', (request) => {
				const path = new URL(request.url()).pathname.replace(/^\//, '');
				if (path.endsWith('.js') && existsSync(join(BUILD_DIR, path))) requested.add(path);
			});
			// Not 'networkidle': the pages keep Firestore's listen channel open.
			await page.goto(sampleUrl(row.route), { waitUntil: 'load' });
			const until = Date.now() + 10_000;
			while (Date.now() < until && row.files.some((f) => !requested.has(f))) await pause(100);
			await pause(1000); // anything the page loads right after start
			await context.close();
			const missing = row.files.filter((f) => !requested.has(f));
			const extra = [...requested].filter((f) => !row.files.includes(f)).sort();
			observed[row.route] = { missing, extra };
		}
	} finally {
		await browser.close();
	}
	const mispredicted = Object.entries(observed).filter(([, o]) => o.missing.length > 0);
	if (mispredicted.length) {
		throw new Error(
			`Predicted first-visit files Chromium did not request: ${JSON.stringify(Object.fromEntries(mispredicted))}`
		);
	}

	const metrics: Metric[] = [
		...rows.map((r): Metric => ({
			metric: 'first-visit JavaScript (gzip -9)',
			workload: r.route,
			unit: 'bytes',
			samples: [r.gzip]
		})),
		...lazy.map((l): Metric => ({
			metric: 'lazily loaded JavaScript (gzip -9)',
			workload: l.module.replace(/^node_modules\//, '').replace(/^.*?\/generated\//, 'kit: '),
			unit: 'bytes',
			samples: [l.gzip]
		}))
	];
	report('bundle', metrics, {
		method:
			'Vite client manifest + Kit route table: entries, root layout and error nodes, the route layout chain and page, static imports transitively, each file once; node:zlib gzip level 9 per file',
		buildDir: relative(ROOT, BUILD_DIR),
		shell: {
			...sum(shell.files),
			files: [...shell.files]
				.filter((f) => f.endsWith('.js'))
				.map((file) => ({ file, ...sizeOf(file) }))
				.sort((a, b) => b.gzip - a.gzip)
		},
		routes: rows,
		lazy,
		browserCheck: observed
	});
}, 300_000);
