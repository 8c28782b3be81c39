/**
 * The `?next=` target of sign-in and sign-up links. Only paths on this site are followed (never
 * `//elsewhere.example` or a full URL), and never back to the auth pages themselves.
 */
export function safeNext(raw: string | null | undefined): string {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
	if (/^\/(signin|signup)(\/|\?|$)/.test(raw)) return '/';
	return raw;
}

/** `/signin?next=…` for the given in-site path. */
export function signInHref(next: string): string {
	return `/signin?next=${encodeURIComponent(next)}`;
}
