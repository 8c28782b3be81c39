/**
 * The app's one way to build a Firestore query: from a shape declared in `$shared/queries`, so
 * every query the app runs is one the index check (scripts/lib/query-shapes.test.ts) has seen.
 * Data modules call this; nothing else writes `where(` or `orderBy(`.
 */
import {
	documentId,
	limit,
	orderBy,
	query,
	where,
	type CollectionReference,
	type Query
} from 'firebase/firestore';
import { DOCUMENT_ID, shapeClauses, type QueryShape, type ShapeValues } from '$shared/queries';

const field = (path: string) => (path === DOCUMENT_ID ? documentId() : path);

/**
 * `shape` over `base` (whose id must be the shape's collection), filled with `values`, at most
 * `max` documents (the rules refuse unbounded lists).
 */
export function shapedQuery<T, S extends QueryShape>(
	base: CollectionReference<T>,
	shape: S,
	values: ShapeValues<S>,
	max: number
): Query<T> {
	if (shape.group || base.id !== shape.collection)
		throw new Error(`query shape on ${shape.collection} used on ${base.path}`);
	const constraints = shapeClauses(shape, values).map((c) =>
		c.kind === 'where' ? where(field(c.field), c.op, c.value) : orderBy(field(c.field), c.direction)
	);
	return query(base, ...constraints, limit(max));
}
