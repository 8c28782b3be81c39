// Moves SvelteKit's inline start-up script out of every built page into a file of its own, so the
// Content-Security-Policy in firebase.json can say `script-src 'self'` with no 'unsafe-inline'
// and no per-build hashes (a static header cannot know them). The script runs as before: a
// classic, parser-blocking script in the same place, so `document.currentScript.parentElement`
// is still the element the app mounts in. The file is named by its content under
// _app/immutable/, which Hosting serves with an immutable cache header. Paths in the script are
// absolute (svelte.config.js: paths.relative = false), so they resolve the same from the file.
//
// Run after `vite build`: `node scripts/lib/boot-script.mjs [buildDir]`, or externalizeBootScripts().
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Inline scripts: a <script> without a src attribute. */
const INLINE = /<script>([\s\S]*?)<\/script>/g;

/**
 * One page's HTML with each inline script replaced by a reference to its file. Returns the new
 * HTML and the files to write ({ path under the build dir, content }).
 * @param {string} html
 * @returns {{ html: string, files: { path: string, content: string }[] }}
 */
export function externalize(html) {
	/** @type {{ path: string, content: string }[]} */
	const files = [];
	const out = html.replace(INLINE, (_, body) => {
		if (/import\(\s*["']\.\.?\//.test(body))
			throw new Error('An inline script imports a relative path: set kit.paths.relative = false.');
		const content = body.trim() + '\n';
		const name = createHash('sha256').update(content).digest('hex').slice(0, 16);
		const path = `_app/immutable/boot/${name}.js`;
		files.push({ path, content });
		return `<script src="/${path}"></script>`;
	});
	// Data islands (type="application/json") never run, and CSP does not govern them.
	if (/<script(?![^>]*\b(?:src=|type="application\/json"))[^>]*>/.test(out))
		throw new Error('An inline script is left.');
	return { html: out, files };
}

function* htmlFiles(dir) {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) yield* htmlFiles(path);
		else if (entry.name.endsWith('.html')) yield path;
	}
}

/** Rewrites every page of a build folder. Returns how many pages had an inline script. */
export function externalizeBootScripts(buildDir) {
	let pages = 0;
	for (const page of htmlFiles(buildDir)) {
		const { html, files } = externalize(readFileSync(page, 'utf8'));
		if (files.length === 0) continue;
		for (const f of files) {
			mkdirSync(join(buildDir, '_app/immutable/boot'), { recursive: true });
			writeFileSync(join(buildDir, f.path), f.content);
		}
		writeFileSync(page, html);
		pages += 1;
	}
	if (pages === 0) throw new Error(`No page with a start-up script in ${relative('.', buildDir)}.`);
	return pages;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const dir = process.argv[2] ?? process.env.PARLEY_BUILD_DIR ?? 'build';
	externalizeBootScripts(dir);
}
