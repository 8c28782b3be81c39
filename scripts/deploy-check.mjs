// `npm run deploy:check`: what `firebase deploy` needs, checked offline before a deploy.
//   - firebase.json names the rules, the indexes, the functions source and the hosting folder;
//   - the functions build (the predeploy step);
//   - firestore.rules compiles (on the Firestore emulator, the deploy's compiler);
//   - firestore.indexes.json is well formed and has the index of every query shape of
//     functions/src/shared/queries.ts, and no index no query uses;
//   - the Hosting headers (Content-Security-Policy with frame-ancestors 'none', nosniff, a
//     referrer policy, X-Frame-Options) are set on every path, the policy allows no inline
//     script, and a LIVEKIT_URL in functions/.env.* is a host the policy lets the page reach;
//   - when build/ exists (`npm run build`), no page in it has an inline script.
// Exits non-zero when anything fails; needs no network and no Firebase project.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
	indexesFileProblems,
	missingIndex,
	compositeNeeded,
	serves
} from './lib/firestore-indexes.mjs';
import { REQUIRED_HEADERS } from './lib/hosting-headers.mjs';
import {
	CACHE,
	ROOT,
	buildFunctions,
	emulatorProfile,
	emulatorsExec,
	ensureInstalled,
	log
} from './lib/setup.mjs';

const problems = [];
const ok = (message) => log(`✓ ${message}`);
const check = (label, found) => {
	if (found.length === 0) ok(label);
	else problems.push(...found.map((p) => `${label}: ${p}`));
};

const config = JSON.parse(readFileSync(join(ROOT, 'firebase.json'), 'utf8'));
check('firebase.json names what a deploy publishes', [
	...(config.firestore?.rules === 'firestore.rules'
		? []
		: ['firestore.rules is not the rules file']),
	...(config.firestore?.indexes === 'firestore.indexes.json' ? [] : ['no indexes file']),
	...(config.functions?.[0]?.source === 'functions' ? [] : ['functions source is not functions/']),
	...(config.hosting?.public === 'build' ? [] : ['hosting.public is not build/'])
]);

ensureInstalled();
buildFunctions();
ok('functions build');

// Indexes: the file's shape, then every query shape of the built registry.
const indexes = JSON.parse(readFileSync(join(ROOT, 'firestore.indexes.json'), 'utf8'));
check('firestore.indexes.json is well formed', indexesFileProblems(indexes));
const { QUERIES } = await import(pathToFileURL(join(ROOT, 'functions/lib/shared/queries.js')).href);
const shapes = Object.entries(QUERIES);
check(
	`every query shape (${shapes.length}) has its index`,
	shapes
		.map(([name, shape]) =>
			missingIndex(shape, indexes) ? `${name}: ${missingIndex(shape, indexes)}` : null
		)
		.filter(Boolean)
);
check(
	'every declared index serves a query',
	(indexes.indexes ?? [])
		.filter(
			(index) =>
				!shapes.some(([, s]) => {
					const need = compositeNeeded(s);
					return need && serves(need, index);
				})
		)
		.map((index) => `unused ${JSON.stringify(index)}`)
);

// Hosting headers.
const everyPath = (config.hosting?.headers ?? []).find((rule) => rule.source === '**');
const header = (key) => everyPath?.headers.find((h) => h.key.toLowerCase() === key)?.value;
check(
	'hosting headers on every path',
	Object.entries(REQUIRED_HEADERS)
		.filter(([key, pattern]) => !pattern.test(header(key) ?? ''))
		.map(([key]) => `${key} missing or weak`)
);
const csp = header('content-security-policy') ?? '';
const directive = (name) =>
	csp
		.split(';')
		.map((d) => d.trim().split(/\s+/))
		.find(([n]) => n === name)
		?.slice(1) ?? [];
check('the Content-Security-Policy allows no inline script', [
	...(directive('script-src').some((s) => /unsafe-inline|unsafe-eval|^\*$|^https?:$/.test(s))
		? [`script-src ${directive('script-src').join(' ')}`]
		: []),
	...(directive('script-src').length === 0 ? ['no script-src'] : [])
]);
/** Whether a CSP source expression (scheme://host, *.host allowed) matches a URL's origin. */
const allows = (source, url) => {
	const m = /^([a-z]+):\/\/(\*\.)?([^/:]+)(?::(\d+))?$/.exec(source);
	if (!m) return false;
	const u = new URL(url);
	if (u.protocol !== `${m[1]}:`) return false;
	if (m[4] && u.port !== m[4]) return false;
	return m[2] ? u.hostname.endsWith(`.${m[3]}`) : u.hostname === m[3];
};
const livekitUrls = readdirSync(join(ROOT, 'functions'))
	.filter((f) => f.startsWith('.env'))
	.flatMap((f) =>
		readFileSync(join(ROOT, 'functions', f), 'utf8')
			.split('\n')
			.map((line) => /^\s*LIVEKIT_URL\s*=\s*"?([^"\s]+)/.exec(line)?.[1])
			.filter(Boolean)
			.map((url) => ({ file: f, url }))
	);
check(
	'LIVEKIT_URL is reachable under the Content-Security-Policy',
	livekitUrls
		.filter(({ url }) => !directive('connect-src').some((s) => allows(s, url)))
		.map(
			({ file, url }) =>
				`${url} (functions/${file}) is not in connect-src: add its wss:// origin in firebase.json`
		)
);

// The built app, when there is one.
const build = join(ROOT, 'build');
if (existsSync(build)) {
	const pages = [];
	const walk = (dir) => {
		for (const e of readdirSync(dir, { withFileTypes: true })) {
			const p = join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else if (e.name.endsWith('.html')) pages.push(p);
		}
	};
	walk(build);
	check(
		`build/ (${pages.length} pages) has no inline script`,
		pages
			.filter((p) => /<script>/.test(readFileSync(p, 'utf8')))
			.map((p) => p.slice(ROOT.length + 1))
	);
} else log('build/ does not exist yet (npm run build): its pages were not checked.');

// Rules: compiled by the Firestore emulator (the only compiler available offline).
const profile = emulatorProfile('rules');
const status = await emulatorsExec(profile, 'node scripts/lib/rules-compile.mjs firestore.rules', {
	logPath: join(CACHE, 'deploy-check.log')
});
if (status === 0) ok('firestore.rules compiles');
else problems.push(`firestore.rules does not compile (see above and .cache/deploy-check.log)`);

if (problems.length > 0) {
	for (const p of problems) console.error(`✗ ${p}`);
	process.exit(1);
}
log('Ready to deploy: npx firebase deploy --only firestore,functions,hosting');
