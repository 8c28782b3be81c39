/**
 * A scripted transport for the feature cores' unit tests: each callable answers through a handler
 * (which may return a promise the test settles later), and every call is recorded.
 */
import type { CallableName, CallableRequest, CallableResponse } from '$shared/callables';
import type { CallFn } from '$lib/firebase/callables';

export type Handlers<Names extends CallableName> = {
	[N in Names]?: (data: CallableRequest<N>) => CallableResponse<N> | Promise<CallableResponse<N>>;
};

export function fakeCall<Names extends CallableName>(handlers: Handlers<Names>) {
	const sent: { name: Names; data: unknown }[] = [];
	const call = (async (name: Names, data: unknown) => {
		sent.push({ name, data });
		const handler = handlers[name] as ((data: unknown) => unknown) | undefined;
		if (!handler) throw new Error(`no handler for ${name}`);
		return handler(data);
	}) as CallFn<Names>;
	return { call, sent };
}

/** An error the way the Functions SDK throws it: a `functions/<code>` code and a sentence. */
export function callableError(code: string, message: string): Error & { code: string } {
	return Object.assign(new Error(message), { code: `functions/${code}` });
}

/** The sentence of an error, as the app's humanError gives it for callable errors. */
export const sentenceOf = (error: unknown) => (error as Error).message;

/** A promise the test settles when it wants to. */
export function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}
