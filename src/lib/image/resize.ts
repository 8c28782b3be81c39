/**
 * Profile images are resized in the browser before they are stored: a centre-cropped square
 * JPEG of a few kilobytes, whatever the camera produced. Framework-agnostic: it needs only the
 * DOM (canvas, createImageBitmap or <img>).
 */
import { LIMITS } from '$shared/config';

/** The largest file we agree to read; anything bigger is refused before decoding. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** Thrown with a sentence fit to show to the person who chose the file. */
export class ImageProblem extends Error {}

/** Checks the file itself (type and size); null when it is worth trying to decode. */
export function imageFileProblem(file: Blob): string | null {
	if (!file.type.startsWith('image/'))
		return 'That file is not an image. Choose a photo or picture.';
	if (file.size > MAX_IMAGE_BYTES) return 'That image is larger than 10 MB. Choose a smaller one.';
	if (file.size === 0) return 'That file is empty. Choose another image.';
	return null;
}

interface Decoded {
	source: CanvasImageSource;
	width: number;
	height: number;
	release(): void;
}

async function decode(file: Blob): Promise<Decoded> {
	if (typeof createImageBitmap === 'function') {
		try {
			// 'from-image' applies the EXIF rotation, so phone photos are not sideways.
			const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
			return {
				source: bitmap,
				width: bitmap.width,
				height: bitmap.height,
				release: () => bitmap.close()
			};
		} catch {
			// Some formats (SVG in Chromium, for one) only decode through an <img>: fall through.
		}
	}
	const url = URL.createObjectURL(file);
	try {
		const img = new Image();
		img.decoding = 'async';
		img.src = url;
		await img.decode();
		return {
			source: img,
			width: img.naturalWidth,
			height: img.naturalHeight,
			release: () => URL.revokeObjectURL(url)
		};
	} catch {
		URL.revokeObjectURL(url);
		throw new ImageProblem('We could not read that image. Try a JPEG or PNG file.');
	}
}

/** A `size`×`size` canvas with `paint` applied to it. */
function paintCanvas(size: number, paint: (ctx: CanvasRenderingContext2D) => void) {
	const el = document.createElement('canvas');
	el.width = size;
	el.height = size;
	const ctx = el.getContext('2d');
	if (!ctx) throw new ImageProblem('Your browser cannot resize images here. Try another browser.');
	ctx.imageSmoothingEnabled = true;
	ctx.imageSmoothingQuality = 'high';
	paint(ctx);
	return el;
}

/**
 * Decodes `file`, crops the largest centred square, scales it to `size`×`size` and returns a
 * JPEG data URL. Large images are halved in steps: one big jump down aliases badly.
 */
export async function resizeToSquare(
	file: Blob,
	size: number = LIMITS.avatarPixels,
	quality = 0.85
): Promise<string> {
	const problem = imageFileProblem(file);
	if (problem) throw new ImageProblem(problem);
	const image = await decode(file);
	try {
		if (image.width < 1 || image.height < 1) {
			throw new ImageProblem('That image has no pixels. Choose another one.');
		}
		const side = Math.min(image.width, image.height);
		const sx = (image.width - side) / 2;
		const sy = (image.height - side) / 2;

		// Crop into a canvas of at most 8× the target (bounded memory for huge photos), then
		// halve down to the target; small images are scaled up so every avatar has one size.
		let step = Math.min(Math.round(side), size * 8);
		let current = paintCanvas(step, (ctx) =>
			ctx.drawImage(image.source, sx, sy, side, side, 0, 0, step, step)
		);
		while (step !== size) {
			const from = current;
			const fromSize = step;
			step = step > size ? Math.max(size, Math.round(step / 2)) : size;
			current = paintCanvas(step, (ctx) =>
				ctx.drawImage(from, 0, 0, fromSize, fromSize, 0, 0, step, step)
			);
		}

		// JPEG has no transparency: put transparent PNGs on white instead of black.
		const out = paintCanvas(size, (ctx) => {
			ctx.fillStyle = '#ffffff';
			ctx.fillRect(0, 0, size, size);
			ctx.drawImage(current, 0, 0);
		});

		let q = quality;
		let dataUrl = out.toDataURL('image/jpeg', q);
		while (dataUrl.length > LIMITS.avatarMaxChars && q > 0.4) {
			q -= 0.15;
			dataUrl = out.toDataURL('image/jpeg', q);
		}
		if (!dataUrl.startsWith('data:image/jpeg') || dataUrl.length > LIMITS.avatarMaxChars) {
			throw new ImageProblem('We could not make a small enough copy of that image.');
		}
		return dataUrl;
	} finally {
		image.release();
	}
}
