#!/usr/bin/env node
/**
 * Writes static/sounds/ring.wav: the chime that loops on the control panel while a chat request
 * rings. A soft two-tone "ding-dong" (G5 then E5, a falling major third), each note a bell-like
 * blend of a few partials with a fast attack and an exponential decay, about 1.2 s long so that
 * looping it gives an even ring with a short breath between repeats.
 *
 * 16-bit PCM, mono, 22.05 kHz, written with plain Node (no dependencies). Deterministic: running
 * it again produces the same bytes. Usage: node scripts/make-ring-sound.mjs [output.wav]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLE_RATE = 22_050;
const DURATION = 1.2;
const PEAK = 0.6; // headroom: a notification should not be harsh or clip

/** Partials of a small bell: ratio to the fundamental, relative level, decay speed. */
const PARTIALS = [
	{ ratio: 1, level: 1, decay: 1 },
	{ ratio: 2, level: 0.35, decay: 1.6 },
	{ ratio: 3, level: 0.12, decay: 2.4 },
	{ ratio: 4.2, level: 0.05, decay: 3.5 }
];

const NOTES = [
	{ start: 0, frequency: 783.99, length: 0.62, gain: 1 }, // G5
	{ start: 0.42, frequency: 659.25, length: 0.78, gain: 0.9 } // E5
];

function noteSample(note, t) {
	const local = t - note.start;
	if (local < 0 || local > note.length) return 0;
	const attack = Math.min(1, local / 0.008);
	// Fade the last 60 ms to zero so the note (and the loop) ends without a click.
	const release = Math.min(1, (note.length - local) / 0.06);
	let value = 0;
	for (const p of PARTIALS) {
		const envelope = Math.exp((-local * 5 * p.decay) / note.length);
		value += p.level * envelope * Math.sin(2 * Math.PI * note.frequency * p.ratio * local);
	}
	return value * attack * release * note.gain;
}

function render() {
	const count = Math.round(SAMPLE_RATE * DURATION);
	const samples = new Float64Array(count);
	let max = 0;
	for (let i = 0; i < count; i++) {
		const t = i / SAMPLE_RATE;
		let v = 0;
		for (const note of NOTES) v += noteSample(note, t);
		samples[i] = v;
		max = Math.max(max, Math.abs(v));
	}
	const scale = max > 0 ? PEAK / max : 0;
	const pcm = Buffer.alloc(count * 2);
	for (let i = 0; i < count; i++) {
		const v = Math.max(-1, Math.min(1, samples[i] * scale));
		pcm.writeInt16LE(Math.round(v * 32767), i * 2);
	}
	return pcm;
}

function wav(pcm) {
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + pcm.length, 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(16, 16); // fmt chunk size
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(1, 22); // mono
	header.writeUInt32LE(SAMPLE_RATE, 24);
	header.writeUInt32LE(SAMPLE_RATE * 2, 28); // byte rate
	header.writeUInt16LE(2, 32); // block align
	header.writeUInt16LE(16, 34); // bits per sample
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(pcm.length, 40);
	return Buffer.concat([header, pcm]);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? resolve(root, 'static/sounds/ring.wav'));
mkdirSync(dirname(out), { recursive: true });
const file = wav(render());
writeFileSync(out, file);
console.log(`Wrote ${out} (${file.length} bytes, ${DURATION} s)`);
