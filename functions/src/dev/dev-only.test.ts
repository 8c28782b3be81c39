import { describe, expect, it } from 'vitest';
import { demoEmulators, devOnly, isDemoProject, projectIdOf } from './dev-only.js';

const EMULATORS = {
	FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080',
	FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099'
};

describe('projectIdOf', () => {
	it('reads the names the runtime and the emulators set, then FIREBASE_CONFIG', () => {
		expect(projectIdOf({ GCLOUD_PROJECT: 'demo-a' })).toBe('demo-a');
		expect(projectIdOf({ GOOGLE_CLOUD_PROJECT: 'p-b' })).toBe('p-b');
		expect(projectIdOf({ FIREBASE_CONFIG: JSON.stringify({ projectId: 'demo-c' }) })).toBe(
			'demo-c'
		);
		expect(projectIdOf({ FIREBASE_CONFIG: 'not json' })).toBe('');
		expect(projectIdOf({})).toBe('');
	});
});

describe('devOnly: the emulator AND a demo- project', () => {
	it.each([
		[
			'the emulator of a demo project',
			{ FUNCTIONS_EMULATOR: 'true', GCLOUD_PROJECT: 'demo-parley' },
			true
		],
		[
			'the emulator of a real project',
			{ FUNCTIONS_EMULATOR: 'true', GCLOUD_PROJECT: 'parley-prod' },
			false
		],
		[
			'a deployment that set FUNCTIONS_EMULATOR',
			{ FUNCTIONS_EMULATOR: 'true', GCLOUD_PROJECT: 'parley' },
			false
		],
		['a demo project outside the emulator', { GCLOUD_PROJECT: 'demo-parley' }, false],
		[
			'FUNCTIONS_EMULATOR spelled otherwise',
			{ FUNCTIONS_EMULATOR: 'TRUE', GCLOUD_PROJECT: 'demo-p' },
			false
		],
		['the emulator with no project id', { FUNCTIONS_EMULATOR: 'true' }, false],
		[
			'a project id that only contains demo-',
			{ FUNCTIONS_EMULATOR: 'true', GCLOUD_PROJECT: 'x-demo-y' },
			false
		],
		['neither', {}, false]
	])('%s → %s', (_what, env, expected) => {
		expect(devOnly(env)).toBe(expected);
	});

	it('reads process.env by default', () => {
		expect(typeof devOnly()).toBe('boolean');
		expect(isDemoProject({ GCLOUD_PROJECT: 'demo-x' })).toBe(true);
	});
});

describe('demoEmulators: the seed', () => {
	it('needs both emulators and a demo- project', () => {
		expect(demoEmulators({ ...EMULATORS, GCLOUD_PROJECT: 'demo-parley' })).toBe(true);
		expect(demoEmulators({ ...EMULATORS, GCLOUD_PROJECT: 'parley-prod' })).toBe(false);
		expect(demoEmulators({ ...EMULATORS })).toBe(false);
		expect(
			demoEmulators({ FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080', GCLOUD_PROJECT: 'demo-parley' })
		).toBe(false);
		expect(demoEmulators({ GCLOUD_PROJECT: 'demo-parley' })).toBe(false);
	});
});
