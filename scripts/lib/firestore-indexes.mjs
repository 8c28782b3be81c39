// Which index a Firestore query needs, and whether firestore.indexes.json declares it.
//
// The emulator answers every query without indexes; a real project refuses one that lacks its
// composite index (FAILED_PRECONDITION, "The query requires an index"). This module applies
// Firestore's rules (Standard edition) to a query *shape* — the shapes every query of the app
// and the functions is built from (functions/src/shared/queries.ts) — so a test can fail before
// a deploy does:
//
// - Every field has automatic single-field indexes at collection scope (ascending, descending,
//   array-contains) unless `fieldOverrides` replaces them; collection-group scope has none unless
//   `fieldOverrides` adds them.
// - Single-field indexes serve: equality filters on any number of fields with no ordering (index
//   merging); one array-contains filter alone; one range filter and/or ordering on one field alone.
// - Anything else needs a composite index: the equality and array-contains fields first (in any
//   order), then the ordered fields in query order with the query's directions. A range filter
//   orders by its field first (implicitly ascending when the query does not order). A trailing
//   `__name__` is implied.
//
// Deliberately stricter than Firestore in two places, never looser: it does not model merging
// several composite indexes into one query, and it wants the composite's scope to be the query's.
// Either way the cure is to declare the one composite the shape names.

export const DOCUMENT_ID = '__name__';

/**
 * @typedef {'asc' | 'desc'} Direction
 * @typedef {{
 *   collection: string,
 *   group?: boolean,
 *   eq?: readonly string[],
 *   contains?: string,
 *   range?: string,
 *   orderBy?: readonly (readonly [string, Direction])[]
 * }} QueryShape
 * @typedef {{ fieldPath: string, order?: 'ASCENDING' | 'DESCENDING', arrayConfig?: 'CONTAINS' }} IndexField
 * @typedef {{ collectionGroup: string, queryScope?: 'COLLECTION' | 'COLLECTION_GROUP', fields: IndexField[] }} CompositeIndex
 * @typedef {{ collectionGroup: string, fieldPath: string, indexes?: { order?: string, arrayConfig?: string, queryScope?: string }[] }} FieldOverride
 * @typedef {{ indexes?: CompositeIndex[], fieldOverrides?: FieldOverride[] }} IndexesFile
 */

const ORDER = { asc: 'ASCENDING', desc: 'DESCENDING' };

/**
 * The query's ordering as Firestore runs it: the range field first (ascending unless ordered),
 * a trailing document-id order dropped (every index ends with it). Throws on shapes Firestore
 * itself refuses or that this check does not model.
 * @param {QueryShape} shape
 * @returns {[string, Direction][]}
 */
export function effectiveOrder(shape) {
	const eq = shape.eq ?? [];
	/** @type {[string, Direction][]} */
	const order = (shape.orderBy ?? []).map(([f, d]) => [f, d]);
	if (new Set(eq).size !== eq.length)
		throw new Error(`${describe(shape)}: an equality field twice`);
	if (shape.contains && eq.includes(shape.contains))
		throw new Error(`${describe(shape)}: ${shape.contains} is both equal and contains`);
	for (const [f] of order) {
		if (eq.includes(f)) throw new Error(`${describe(shape)}: ordered by its equality field ${f}`);
		if (f === shape.contains)
			throw new Error(`${describe(shape)}: ordered by its array field ${f}`);
	}
	if (shape.range) {
		if (eq.includes(shape.range) || shape.range === shape.contains)
			throw new Error(`${describe(shape)}: range field ${shape.range} also filtered otherwise`);
		if (order.length === 0) order.push([shape.range, 'asc']);
		else if (order[0][0] !== shape.range)
			throw new Error(`${describe(shape)}: the first order must be the range field ${shape.range}`);
	}
	const ids = order.filter(([f]) => f === DOCUMENT_ID).length;
	if (ids > 1 || (ids === 1 && order[order.length - 1][0] !== DOCUMENT_ID))
		throw new Error(`${describe(shape)}: ${DOCUMENT_ID} may only be the last order`);
	if (ids === 1) order.pop();
	return order;
}

/**
 * The composite index a shape needs, or null when automatic single-field indexes serve it.
 * Equality and array-contains fields come first; their relative order does not matter.
 * @param {QueryShape} shape
 * @returns {null | { collectionGroup: string, queryScope: 'COLLECTION' | 'COLLECTION_GROUP', prefix: IndexField[], ordered: IndexField[] }}
 */
export function compositeNeeded(shape) {
	const order = effectiveOrder(shape);
	const eq = shape.eq ?? [];
	const filters = eq.length + (shape.contains ? 1 : 0);
	const single =
		(order.length === 0 && !shape.contains) || // equalities only: index merging
		(order.length === 0 && eq.length === 0) || // one array-contains alone
		(order.length === 1 && filters === 0); // one range and/or order on one field
	if (single) return null;
	return {
		collectionGroup: shape.collection,
		queryScope: shape.group ? 'COLLECTION_GROUP' : 'COLLECTION',
		prefix: [
			...eq.map((f) => ({ fieldPath: f })),
			...(shape.contains ? [{ fieldPath: shape.contains, arrayConfig: 'CONTAINS' }] : [])
		],
		ordered: order.map(([f, d]) => ({ fieldPath: f, order: ORDER[d] }))
	};
}

/**
 * Whether one declared composite index serves what a shape needs.
 * @param {NonNullable<ReturnType<typeof compositeNeeded>>} need
 * @param {CompositeIndex} index
 */
export function serves(need, index) {
	if (index.collectionGroup !== need.collectionGroup) return false;
	if ((index.queryScope ?? 'COLLECTION') !== need.queryScope) return false;
	let fields = index.fields;
	if (fields.length > 0 && fields[fields.length - 1].fieldPath === DOCUMENT_ID)
		fields = fields.slice(0, -1);
	if (fields.length !== need.prefix.length + need.ordered.length) return false;
	const head = fields.slice(0, need.prefix.length);
	const tail = fields.slice(need.prefix.length);
	for (const want of need.prefix) {
		const got = head.find((f) => f.fieldPath === want.fieldPath);
		if (!got) return false;
		if (want.arrayConfig ? got.arrayConfig !== 'CONTAINS' : !got.order) return false;
	}
	return need.ordered.every(
		(want, i) => tail[i].fieldPath === want.fieldPath && tail[i].order === want.order
	);
}

/**
 * Whether the single-field index a shape relies on exists: the automatic ones at collection
 * scope unless an override replaces them; at collection-group scope only an override's.
 * @param {IndexesFile} file
 * @param {string} collectionGroup
 * @param {string} fieldPath
 * @param {'COLLECTION' | 'COLLECTION_GROUP'} scope
 * @param {{ order?: string, arrayConfig?: string }} want  `order: 'ANY'` for an equality filter
 */
function singleFieldIndexed(file, collectionGroup, fieldPath, scope, want) {
	if (fieldPath === DOCUMENT_ID) return true;
	const override = (file.fieldOverrides ?? []).find(
		(o) => o.collectionGroup === collectionGroup && o.fieldPath === fieldPath
	);
	if (!override) return scope === 'COLLECTION';
	return (override.indexes ?? []).some(
		(i) =>
			(i.queryScope ?? 'COLLECTION') === scope &&
			(want.arrayConfig
				? i.arrayConfig === want.arrayConfig
				: want.order === 'ANY'
					? Boolean(i.order)
					: i.order === want.order)
	);
}

/**
 * Checks one shape against an indexes file. Returns null when a real project would run the
 * query, else a sentence saying what is missing (with the index to declare).
 * @param {QueryShape} shape
 * @param {IndexesFile} file
 * @returns {string | null}
 */
export function missingIndex(shape, file) {
	const need = compositeNeeded(shape);
	const scope = shape.group ? 'COLLECTION_GROUP' : 'COLLECTION';
	if (!need) {
		const order = effectiveOrder(shape);
		const singles = [
			...(shape.eq ?? []).map((f) => [f, { order: 'ANY' }]),
			...(shape.contains ? [[shape.contains, { arrayConfig: 'CONTAINS' }]] : []),
			...order.map(([f, d]) => [f, { order: ORDER[d] }])
		];
		const lacking = singles.filter(
			([f, want]) => !singleFieldIndexed(file, shape.collection, f, scope, want)
		);
		if (lacking.length === 0) return null;
		return `${describe(shape)} needs single-field indexes (${scope}) on ${lacking.map(([f]) => f).join(', ')}: add them to fieldOverrides`;
	}
	if ((file.indexes ?? []).some((index) => serves(need, index))) return null;
	const fields = [
		...need.prefix.map((f) => (f.arrayConfig ? f : { ...f, order: 'ASCENDING' })),
		...need.ordered
	];
	return `${describe(shape)} needs the composite index ${JSON.stringify({
		collectionGroup: need.collectionGroup,
		queryScope: need.queryScope,
		fields
	})}`;
}

/**
 * Checks the shape of firestore.indexes.json itself (what `firebase deploy` would refuse).
 * Returns a list of problems (empty when fine).
 * @param {unknown} file
 * @returns {string[]}
 */
export function indexesFileProblems(file) {
	const problems = [];
	if (!file || typeof file !== 'object' || Array.isArray(file)) return ['not a JSON object'];
	const f = /** @type {Record<string, unknown>} */ (file);
	for (const key of Object.keys(f))
		if (key !== 'indexes' && key !== 'fieldOverrides') problems.push(`unknown key ${key}`);
	if (!Array.isArray(f.indexes)) problems.push('indexes is not a list');
	if (f.fieldOverrides !== undefined && !Array.isArray(f.fieldOverrides))
		problems.push('fieldOverrides is not a list');
	const seen = new Set();
	for (const [i, index] of (Array.isArray(f.indexes) ? f.indexes : []).entries()) {
		const at = `indexes[${i}]`;
		if (typeof index?.collectionGroup !== 'string' || !index.collectionGroup)
			problems.push(`${at}: no collectionGroup`);
		if (
			index?.queryScope !== undefined &&
			!['COLLECTION', 'COLLECTION_GROUP'].includes(index.queryScope)
		)
			problems.push(`${at}: queryScope ${index.queryScope}`);
		if (!Array.isArray(index?.fields) || index.fields.length < 2) {
			problems.push(`${at}: a composite index needs at least two fields`);
			continue;
		}
		for (const field of index.fields) {
			const modes = ['order', 'arrayConfig'].filter((k) => field?.[k] !== undefined);
			if (typeof field?.fieldPath !== 'string' || !field.fieldPath)
				problems.push(`${at}: a field without fieldPath`);
			if (modes.length !== 1)
				problems.push(`${at}: ${field?.fieldPath} needs exactly one of order, arrayConfig`);
			if (field?.order !== undefined && !['ASCENDING', 'DESCENDING'].includes(field.order))
				problems.push(`${at}: ${field.fieldPath} order ${field.order}`);
			if (field?.arrayConfig !== undefined && field.arrayConfig !== 'CONTAINS')
				problems.push(`${at}: ${field.fieldPath} arrayConfig ${field.arrayConfig}`);
		}
		if (index.fields.filter((x) => x?.arrayConfig).length > 1)
			problems.push(`${at}: more than one array-contains field`);
		const key = JSON.stringify([
			index.collectionGroup,
			index.queryScope ?? 'COLLECTION',
			index.fields
		]);
		if (seen.has(key)) problems.push(`${at}: declared twice`);
		seen.add(key);
	}
	return problems;
}

/** @param {QueryShape} shape */
function describe(shape) {
	const parts = [
		...(shape.eq ?? []).map((f) => `${f} ==`),
		...(shape.contains ? [`${shape.contains} array-contains`] : []),
		...(shape.range ? [`${shape.range} range`] : []),
		...(shape.orderBy ?? []).map(([f, d]) => `order ${f} ${d}`)
	];
	return `${shape.group ? 'group ' : ''}${shape.collection}(${parts.join(', ')})`;
}
