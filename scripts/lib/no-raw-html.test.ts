/**
 * No component renders raw HTML: `{@html …}` bypasses Svelte's escaping, so one stray use on a
 * message, a name, a bio or a lock description would let a user's text run as markup. Text that
 * needs formatting is split into nodes instead (see src/lib/chat/text.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function* svelteFiles(dir: string): Generator<string> {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) yield* svelteFiles(path);
		else if (entry.name.endsWith('.svelte')) yield path;
	}
}

it('no component uses {@html}', () => {
	const files = [...svelteFiles(join(ROOT, 'src'))];
	expect(files.length).toBeGreaterThan(10);
	const offenders = files
		.filter((f) => /\{@html\b/.test(readFileSync(f, 'utf8')))
		.map((f) => relative(ROOT, f));
	expect(offenders).toEqual([]);
});
