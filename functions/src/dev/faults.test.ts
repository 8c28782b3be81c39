import { readFileSync } from 'node:fs';
import { HttpsError } from 'firebase-functions/https';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AFTER_COMMIT, FAULT_HEADER, failAfterCommit, type FaultRequest } from './faults.js';

const asked: FaultRequest = { headers: { [FAULT_HEADER]: AFTER_COMMIT } };

/** A request that fails the test if anything reads its headers. */
const untouchable: FaultRequest = Object.defineProperty({}, 'headers', {
	get() {
		throw new Error('The headers were read.');
	}
});

const NAMES = ['FUNCTIONS_EMULATOR', 'GCLOUD_PROJECT'] as const;
let saved: Record<string, string | undefined> = {};
beforeEach(() => {
	saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
	process.env.GCLOUD_PROJECT = 'demo-parley-unit';
});
afterEach(() => {
	for (const n of NAMES) {
		if (saved[n] === undefined) delete process.env[n];
		else process.env[n] = saved[n];
	}
});

describe('failAfterCommit outside the emulator (production)', () => {
	it.each([undefined, '', 'false', 'TRUE', '1'])(
		'does nothing with the header when FUNCTIONS_EMULATOR is %j, and reads no header',
		(value) => {
			if (value === undefined) delete process.env.FUNCTIONS_EMULATOR;
			else process.env.FUNCTIONS_EMULATOR = value;
			expect(() => failAfterCommit(asked, 'lockAgree')).not.toThrow();
			expect(() => failAfterCommit(untouchable, 'lockAgree')).not.toThrow();
		}
	);
});

describe('failAfterCommit in the emulator of a project that is not a demo- one', () => {
	it('does nothing and reads no header', () => {
		process.env.FUNCTIONS_EMULATOR = 'true';
		process.env.GCLOUD_PROJECT = 'parley-prod';
		expect(() => failAfterCommit(asked, 'lockAgree')).not.toThrow();
		expect(() => failAfterCommit(untouchable, 'lockAgree')).not.toThrow();
	});
});

describe('failAfterCommit in the emulator', () => {
	beforeEach(() => {
		process.env.FUNCTIONS_EMULATOR = 'true';
	});

	it('throws a plain error (a crash, which a callable answers as INTERNAL) when asked', () => {
		let thrown: unknown;
		try {
			failAfterCommit(asked, 'lockAgree');
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(Error);
		expect(thrown).not.toBeInstanceOf(HttpsError);
		expect(String(thrown)).toMatch(/lockAgree stopped after its transaction committed/);
	});

	it.each([
		['no request', undefined],
		['no headers', {}],
		['no fault header', { headers: { 'content-type': 'application/json' } }],
		['another value', { headers: { [FAULT_HEADER]: 'before-commit' } }],
		['the value twice', { headers: { [FAULT_HEADER]: [AFTER_COMMIT, AFTER_COMMIT] } }]
	])('does nothing with %s', (_what, request) => {
		expect(() => failAfterCommit(request as FaultRequest | undefined, 'lockAgree')).not.toThrow();
	});
});

it('imports only the demo-project check (no Firestore, no state): a header check and nothing else', () => {
	const source = readFileSync(new URL('./faults.ts', import.meta.url), 'utf8');
	const imports = source.match(/^import\s.*$/gm) ?? [];
	expect(imports).toEqual(["import { devOnly } from './dev-only.js';"]);
	const helper = readFileSync(new URL('./dev-only.ts', import.meta.url), 'utf8');
	expect(helper).not.toMatch(/^\s*import\s/m);
});
