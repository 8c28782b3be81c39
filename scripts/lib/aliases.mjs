/**
 * The import aliases of the app, declared once: SvelteKit takes them as `kit.alias` (paths from
 * the project root, which also feed the generated tsconfig), and every vitest config outside the
 * app's own (rules, functions, e2e, benchmarks) resolves them with `resolvedAliases`.
 */
import { fileURLToPath } from 'node:url';

/** `$shared`: the contract the app shares with the functions (no SDK imports). */
export const aliases = { $shared: 'functions/src/shared' };

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The same aliases as absolute paths, for vite's `resolve.alias`. */
export const resolvedAliases = Object.fromEntries(
	Object.entries(aliases).map(([name, path]) => [name, root + path])
);
