import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES, imageFileProblem } from './resize';

describe('imageFileProblem', () => {
	it('accepts an image of reasonable size', () => {
		expect(imageFileProblem(new Blob([new Uint8Array(2048)], { type: 'image/png' }))).toBeNull();
	});

	it('refuses files that are not images', () => {
		expect(imageFileProblem(new Blob(['hello'], { type: 'text/plain' }))).toMatch(/not an image/);
		expect(imageFileProblem(new Blob(['%PDF'], { type: 'application/pdf' }))).toMatch(
			/not an image/
		);
		expect(imageFileProblem(new Blob(['?'], { type: '' }))).toMatch(/not an image/);
	});

	it('refuses images over 10 MB, and accepts exactly 10 MB', () => {
		const limit = new Uint8Array(MAX_IMAGE_BYTES);
		expect(imageFileProblem(new Blob([limit], { type: 'image/jpeg' }))).toBeNull();
		const over = new Blob([limit, new Uint8Array(1)], { type: 'image/jpeg' });
		expect(imageFileProblem(over)).toMatch(/larger than 10 MB/);
	});

	it('refuses empty files', () => {
		expect(imageFileProblem(new Blob([], { type: 'image/png' }))).toMatch(/empty/);
	});
});
