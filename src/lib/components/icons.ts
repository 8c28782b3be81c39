/**
 * The app's icons, one export each, so a page's bundle carries only the icons it draws. Drawn by
 * Icon.svelte (inline, in the text colour).
 */

export interface Paint {
	fill?: string;
	stroke?: string;
	'stroke-width'?: number;
	'stroke-linecap'?: 'round';
	'stroke-linejoin'?: 'round';
}
/** One path of an icon, with paint of its own where it differs from the icon's. */
export interface Shape extends Paint {
	d: string;
}

export interface IconSpec {
	/** The drawing's square viewBox side. */
	box: number;
	/** Its usual width and height in pixels. */
	size: number;
	/** Paint every shape inherits unless it sets its own. */
	paint?: Paint;
	shapes: Shape[];
}

/** Outline icons drawn with a 2px round stroke. */
const OUTLINE: Paint = {
	fill: 'none',
	stroke: 'currentColor',
	'stroke-width': 2,
	'stroke-linecap': 'round',
	'stroke-linejoin': 'round'
};
const FINE: Paint = { ...OUTLINE, 'stroke-width': 1.75 };
const LINE: Paint = { fill: 'none', stroke: 'currentColor', 'stroke-linecap': 'round' };
const SOLID: Paint = { fill: 'currentColor' };
/** A filled part inside a stroked icon. */
const DOT: Paint = { fill: 'currentColor', stroke: 'none' };

// Every shape is a path (circles as two arcs), so Icon needs one element template only.
const path = (d: string, paint: Paint = {}): Shape => ({ d, ...paint });
const circle = (cx: number, cy: number, r: number, paint: Paint = {}): Shape =>
	path(`M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0z`, paint);

export const alertCircle: IconSpec = {
	box: 24,
	size: 28,
	paint: OUTLINE,
	shapes: [circle(12, 12, 9), path('M12 7.5v5.5M12 16.5h.01')]
};

export const arrowDown: IconSpec = {
	box: 16,
	size: 14,
	paint: FINE,
	shapes: [path('M8 3v10m-4.5-4.5L8 13l4.5-4.5')]
};

export const bell: IconSpec = {
	box: 24,
	size: 20,
	paint: SOLID,
	shapes: [
		path(
			'M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2.2 15.5a2.3 2.3 0 0 0 4.4 0Z'
		)
	]
};

export const chat: IconSpec = {
	box: 24,
	size: 20,
	paint: OUTLINE,
	shapes: [
		path(
			'M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v9a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 4v-4h0A1.5 1.5 0 0 1 4 14.5z'
		)
	]
};

export const check: IconSpec = { box: 16, size: 14, paint: FINE, shapes: [path('m3 8.5 3 3 7-7')] };

export const checkCircle: IconSpec = {
	box: 24,
	size: 22,
	paint: { ...OUTLINE, 'stroke-width': 2.2 },
	shapes: [circle(12, 12, 9), path('m8 12.5 2.7 2.7L16 10')]
};

export const clock: IconSpec = {
	box: 16,
	size: 14,
	paint: { ...LINE, 'stroke-width': 1.5 },
	shapes: [circle(8, 8, 6.25), path('M8 4.5V8l2.25 1.5')]
};

export const close: IconSpec = {
	box: 24,
	size: 22,
	paint: OUTLINE,
	shapes: [path('M6 6l12 12M18 6L6 18')]
};

export const lock: IconSpec = {
	box: 24,
	size: 20,
	paint: { fill: 'none', stroke: 'currentColor', 'stroke-width': 2 },
	shapes: [
		path('M7 11h10a2 2 0 0 1 2 2v6a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2v-6a2 2 0 0 1 2-2z'),
		path('M8 11V8a4 4 0 0 1 8 0v3')
	]
};

export const menu: IconSpec = {
	box: 24,
	size: 22,
	paint: OUTLINE,
	shapes: [path('M4 7h16M4 12h16M4 17h16')]
};

export const search: IconSpec = {
	box: 24,
	size: 20,
	paint: OUTLINE,
	shapes: [circle(11, 11, 6.5), path('m20 20-4.2-4.2')]
};

export const send: IconSpec = {
	box: 24,
	size: 20,
	paint: { ...SOLID, stroke: 'currentColor', 'stroke-width': 0.6, 'stroke-linejoin': 'round' },
	shapes: [path('M3.4 20.4 21 12 3.4 3.6l-.01 6.53L15 12 3.39 13.87z')]
};

export const smile: IconSpec = {
	box: 24,
	size: 22,
	paint: { ...LINE, 'stroke-width': 1.5 },
	shapes: [
		circle(12, 12, 9.25),
		circle(9, 10, 1.25, DOT),
		circle(15, 10, 1.25, DOT),
		path('M8 14.25c.9 1.4 2.3 2.25 4 2.25s3.1-.85 4-2.25')
	]
};

export const sound: IconSpec = {
	box: 24,
	size: 18,
	paint: { ...LINE, 'stroke-width': 1.75 },
	shapes: [
		path('M4 9.5h3.5L12 5.5v13l-4.5-4H4z', DOT),
		path('M15.5 9a4 4 0 0 1 0 6M18 6.5a7.5 7.5 0 0 1 0 11')
	]
};

/** Filled and outlined by the stylesheet of whoever shows it (its on and off states). */
export const star: IconSpec = {
	box: 24,
	size: 36,
	shapes: [
		path('m12 2.8 2.8 5.8 6.3.9-4.6 4.4 1.1 6.3L12 17.2l-5.6 3 1.1-6.3L2.9 9.5l6.3-.9z', {
			'stroke-linejoin': 'round'
		})
	]
};

export const video: IconSpec = {
	box: 24,
	size: 16,
	paint: SOLID,
	shapes: [
		path(
			'M4 6h11a2 2 0 0 1 2 2v2.5l4-2.5v8l-4-2.5V16a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z'
		)
	]
};

export const warning: IconSpec = {
	box: 16,
	size: 14,
	paint: SOLID,
	shapes: [
		circle(8, 8, 7),
		path('M8 4.25v4.5', { stroke: '#fff', 'stroke-width': 1.75, 'stroke-linecap': 'round' }),
		circle(8, 11.5, 1, { fill: '#fff' })
	]
};
