import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { aliases } from './scripts/lib/aliases.mjs';

/**
 * A static build served by Firebase Hosting: public help pages are prerendered, everything else
 * is a client-rendered SPA (the product is realtime and Firestore-driven, so server rendering
 * would buy little and cost a server). `200.html` is the SPA fallback Hosting rewrites to.
 * PARLEY_BUILD_DIR lets the test tier build into its own folder beside a running `npm start`.
 */
/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({
			pages: process.env.PARLEY_BUILD_DIR ?? 'build',
			assets: process.env.PARLEY_BUILD_DIR ?? 'build',
			fallback: '200.html',
			strict: true
		}),
		// Separate generated folders let concurrent builds (a test run beside `npm start`) coexist.
		outDir: process.env.PARLEY_KIT_OUT ?? '.svelte-kit',
		alias: aliases,
		// Absolute asset paths: the start-up script moves out of each page into its own file
		// (scripts/lib/boot-script.mjs, for the Content-Security-Policy), where a relative import
		// would resolve against the file instead of the page. The app is served from the root.
		paths: { relative: false },
		// Type-check the benchmarks and the scripts' tests with the app and the tests.
		typescript: {
			config: (tsconfig) => {
				tsconfig.include.push('../bench/**/*.ts', '../scripts/**/*.ts');
				return tsconfig;
			}
		}
	}
};

export default config;
