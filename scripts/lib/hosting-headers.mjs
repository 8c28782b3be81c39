// The Hosting headers of firebase.json as the emulators serve them. The one difference from
// production: a build for the emulators talks to the Auth, Firestore and Functions emulators on
// 127.0.0.1 ports, so those origins (and only those) join the policy's connect-src. Everything
// else — every other directive, every other header — is served exactly as deployed.
//
// Why each source beyond 'self' in firebase.json's policy is there (JSON has no comments):
//   img-src data: blob:      profile images (data URLs) and the picture being resized (blob)
//   img-src …/cleardot.gif   the Firestore SDK's WebChannel loads this image to tell a lost
//                            network from a server error (seen when a page goes offline)
//   style-src 'unsafe-inline' Svelte's style attributes and transitions, the emoji picker
//   connect-src              Firestore, Auth (identitytoolkit, securetoken), the callables
//                            (cloudfunctions.net), LiveKit Cloud (wss and https)
//   worker-src blob:         the panel's heartbeat timer (src/lib/presence/ticker.ts)

/**
 * @param {string} policy  a Content-Security-Policy value
 * @param {string[]} origins
 */
export function withConnectOrigins(policy, origins) {
	const directives = policy
		.split(';')
		.map((d) => d.trim())
		.filter(Boolean);
	const at = directives.findIndex((d) => d.split(/\s+/)[0] === 'connect-src');
	if (at < 0) throw new Error('The Content-Security-Policy has no connect-src.');
	directives[at] = [directives[at], ...origins].join(' ');
	return directives.join('; ');
}

/**
 * A copy of firebase.json's `hosting` whose Content-Security-Policy headers also allow `origins`
 * in connect-src.
 * @param {{ headers?: { source: string, headers: { key: string, value: string }[] }[] }} hosting
 * @param {string[]} origins
 */
export function hostingForEmulators(hosting, origins) {
	return {
		...hosting,
		headers: (hosting.headers ?? []).map((rule) => ({
			...rule,
			headers: rule.headers.map((h) =>
				h.key.toLowerCase() === 'content-security-policy'
					? { ...h, value: withConnectOrigins(h.value, origins) }
					: h
			)
		}))
	};
}

/** The headers every page must carry (scripts/deploy-check.mjs and the tests check them). */
export const REQUIRED_HEADERS = {
	'content-security-policy': /frame-ancestors 'none'/,
	'x-content-type-options': /^nosniff$/,
	'referrer-policy': /^(strict-origin-when-cross-origin|strict-origin|same-origin|no-referrer)$/,
	'x-frame-options': /^DENY$/
};
