/**
 * The functions' one way to build a Firestore query: from a shape declared in shared/queries.ts,
 * so every query the server runs is one the index check (scripts/lib/query-shapes.test.ts) has
 * seen. Nothing else writes `.where(` or `.orderBy(`.
 */
import {
	FieldPath,
	type DocumentReference,
	type Firestore,
	type Query
} from 'firebase-admin/firestore';
import { DOCUMENT_ID, shapeClauses, type QueryShape, type ShapeValues } from '../shared/queries.js';

/**
 * `shape` filled with `values`: over the whole database for a collection-group shape or a
 * top-level collection, under `parent` for a subcollection. Callers add the limit (and cursors).
 */
export function shapedQuery<S extends QueryShape>(
	from: Firestore | DocumentReference,
	shape: S,
	values: ShapeValues<S>
): Query {
	let q: Query;
	if (shape.group) {
		if (!('collectionGroup' in from))
			throw new Error(`group query on ${shape.collection} under a document`);
		q = from.collectionGroup(shape.collection);
	} else {
		q = from.collection(shape.collection);
	}
	for (const c of shapeClauses(shape, values)) {
		const field = c.field === DOCUMENT_ID ? FieldPath.documentId() : c.field;
		q = c.kind === 'where' ? q.where(field, c.op, c.value) : q.orderBy(field, c.direction);
	}
	return q;
}
