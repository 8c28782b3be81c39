/**
 * Bodies of `navigator.sendBeacon` requests. A beacon cannot set headers, so pages send their
 * JSON as text/plain (a CORS-simple request); the HTTP layer may hand it over as a string, a
 * Buffer or already parsed.
 */
import type { Request } from 'firebase-functions/https';
import type { z } from 'zod';

/** The body parsed against `schema`, or null when it is not that JSON. */
export function beaconBody<S extends z.ZodType>(req: Request, schema: S): z.infer<S> | null {
	let body: unknown = req.body;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		try {
			body = JSON.parse(body.toString());
		} catch {
			return null;
		}
	}
	const parsed = schema.safeParse(body);
	return parsed.success ? parsed.data : null;
}
