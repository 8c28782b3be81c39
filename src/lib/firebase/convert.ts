/**
 * Firestore converters: the id comes out with the data, Timestamps become Dates on read.
 * Writes go through the data modules' verbs, which set server timestamps explicitly.
 */
import {
	Timestamp,
	type DocumentData,
	type FirestoreDataConverter,
	type QueryDocumentSnapshot,
	type SnapshotOptions
} from 'firebase/firestore';

export type WithId<T> = T & { id: string };

function toDates(value: unknown): unknown {
	if (value instanceof Timestamp) return value.toDate();
	if (Array.isArray(value)) return value.map(toDates);
	if (value && typeof value === 'object' && value.constructor === Object) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDates(v)]));
	}
	return value;
}

export function converter<T extends object>(): FirestoreDataConverter<WithId<T>, DocumentData> {
	return {
		toFirestore(data) {
			const { id: _id, ...rest } = data as WithId<T>;
			return rest as DocumentData;
		},
		fromFirestore(snapshot: QueryDocumentSnapshot, options?: SnapshotOptions) {
			// 'estimate' gives pending server timestamps a local value instead of null.
			const data = snapshot.data({ serverTimestamps: 'estimate', ...options });
			return { ...(toDates(data) as T), id: snapshot.id };
		}
	};
}
