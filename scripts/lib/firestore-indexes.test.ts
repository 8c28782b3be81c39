/** Firestore's index requirements as scripts/lib/firestore-indexes.mjs applies them. */
import { describe, expect, it } from 'vitest';
import {
	compositeNeeded,
	effectiveOrder,
	indexesFileProblems,
	missingIndex
} from './firestore-indexes.mjs';

type Field = { fieldPath: string; order?: 'ASCENDING' | 'DESCENDING'; arrayConfig?: 'CONTAINS' };
const asc = (fieldPath: string): Field => ({ fieldPath, order: 'ASCENDING' });
const desc = (fieldPath: string): Field => ({ fieldPath, order: 'DESCENDING' });
const contains = (fieldPath: string): Field => ({ fieldPath, arrayConfig: 'CONTAINS' });
const composite = (collectionGroup: string, ...fields: Field[]) => ({
	collectionGroup,
	queryScope: 'COLLECTION' as const,
	fields
});
const none = { indexes: [], fieldOverrides: [] };

describe('automatic single-field indexes', () => {
	it.each([
		['no filter', { collection: 'c' }],
		['one equality', { collection: 'c', eq: ['a'] }],
		['several equalities (index merging)', { collection: 'c', eq: ['a', 'b', 'c'] }],
		['one array-contains', { collection: 'c', contains: 'tags' }],
		['one order', { collection: 'c', orderBy: [['a', 'desc']] as const }],
		['a range alone', { collection: 'c', range: 'a' }],
		[
			'a range ordered by its field',
			{ collection: 'c', range: 'a', orderBy: [['a', 'desc']] as const }
		],
		['document-id order', { collection: 'c', orderBy: [['__name__', 'asc']] as const }]
	])('serve %s', (_, shape) => {
		expect(compositeNeeded(shape)).toBeNull();
		expect(missingIndex(shape, none)).toBeNull();
	});

	it('do not exist at collection-group scope unless fieldOverrides adds them', () => {
		const shape = { collection: 'parties', group: true, orderBy: [['seenAt', 'asc']] as const };
		expect(missingIndex(shape, none)).toMatch(
			/single-field indexes \(COLLECTION_GROUP\) on seenAt/
		);
		const withOverride = {
			indexes: [],
			fieldOverrides: [
				{
					collectionGroup: 'parties',
					fieldPath: 'seenAt',
					indexes: [{ order: 'ASCENDING', queryScope: 'COLLECTION_GROUP' }]
				}
			]
		};
		expect(missingIndex(shape, withOverride)).toBeNull();
	});

	it('are gone for a field whose override exempts it', () => {
		const exempt = {
			indexes: [],
			fieldOverrides: [{ collectionGroup: 'c', fieldPath: 'a', indexes: [] }]
		};
		expect(missingIndex({ collection: 'c', eq: ['a', 'b'] }, exempt)).toMatch(/on a:/);
		expect(missingIndex({ collection: 'c', eq: ['b'] }, exempt)).toBeNull();
	});
});

describe('composite indexes', () => {
	it.each([
		[
			'equality + order on another field',
			{ collection: 'c', eq: ['a'], orderBy: [['b', 'asc']] as const }
		],
		['equality + range on another field', { collection: 'c', eq: ['a'], range: 'b' }],
		[
			'two orders',
			{
				collection: 'c',
				orderBy: [
					['a', 'asc'],
					['b', 'asc']
				] as const
			}
		],
		['array-contains + equality', { collection: 'c', eq: ['a'], contains: 't' }],
		['array-contains + order', { collection: 'c', contains: 't', orderBy: [['b', 'asc']] as const }]
	])('are needed for %s', (_, shape) => {
		expect(compositeNeeded(shape)).not.toBeNull();
		expect(missingIndex(shape, none)).toMatch(/needs the composite index/);
	});

	const shape = {
		collection: 'sessions',
		eq: ['operatorId', 'status'],
		orderBy: [['startedAt', 'desc']] as const
	};

	it('serve with the equality fields in any order, then the ordered fields', () => {
		for (const fields of [
			[asc('operatorId'), asc('status'), desc('startedAt')],
			[desc('status'), asc('operatorId'), desc('startedAt')],
			[asc('operatorId'), asc('status'), desc('startedAt'), desc('__name__')]
		]) {
			expect(missingIndex(shape, { indexes: [composite('sessions', ...fields)] })).toBeNull();
		}
	});

	it.each([
		['the wrong direction', [asc('operatorId'), asc('status'), asc('startedAt')]],
		['an equality field missing', [asc('operatorId'), desc('startedAt')]],
		['an ordered field before an equality', [asc('operatorId'), desc('startedAt'), asc('status')]],
		['an extra field', [asc('operatorId'), asc('status'), desc('startedAt'), asc('x')]],
		[
			'an equality field declared as array-contains',
			[asc('operatorId'), contains('status'), desc('startedAt')]
		]
	])('do not serve with %s', (_, fields) => {
		expect(missingIndex(shape, { indexes: [composite('sessions', ...fields)] })).toMatch(
			/needs the composite index/
		);
	});

	it('do not serve another collection or another scope', () => {
		const fields = [asc('operatorId'), asc('status'), desc('startedAt')];
		expect(missingIndex(shape, { indexes: [composite('requests', ...fields)] })).not.toBeNull();
		const groupScope = {
			...composite('sessions', ...fields),
			queryScope: 'COLLECTION_GROUP' as const
		};
		expect(missingIndex(shape, { indexes: [groupScope] })).not.toBeNull();
		expect(missingIndex({ ...shape, group: true }, { indexes: [groupScope] })).toBeNull();
	});

	it('order a range by its field, ascending, when the query does not order', () => {
		const panels = { collection: 'panels', eq: ['closedAt'], range: 'heartbeatAt' };
		expect(effectiveOrder(panels)).toEqual([['heartbeatAt', 'asc']]);
		expect(missingIndex(panels, none)).toContain(
			'{"collectionGroup":"panels","queryScope":"COLLECTION","fields":[{"fieldPath":"closedAt","order":"ASCENDING"},{"fieldPath":"heartbeatAt","order":"ASCENDING"}]}'
		);
		const ok = { indexes: [composite('panels', asc('closedAt'), asc('heartbeatAt'))] };
		expect(missingIndex(panels, ok)).toBeNull();
		const wrong = { indexes: [composite('panels', asc('closedAt'), desc('heartbeatAt'))] };
		expect(missingIndex(panels, wrong)).not.toBeNull();
	});

	it('want the array-contains field as CONTAINS in the prefix', () => {
		const dir = {
			collection: 'operators',
			eq: ['listed'],
			contains: 'categories',
			orderBy: [
				['statusRank', 'asc'],
				['nameLower', 'asc']
			] as const
		};
		const good = composite(
			'operators',
			asc('listed'),
			contains('categories'),
			asc('statusRank'),
			asc('nameLower')
		);
		expect(missingIndex(dir, { indexes: [good] })).toBeNull();
		const plain = composite(
			'operators',
			asc('listed'),
			asc('categories'),
			asc('statusRank'),
			asc('nameLower')
		);
		expect(missingIndex(dir, { indexes: [plain] })).not.toBeNull();
	});
});

describe('shapes Firestore refuses', () => {
	it.each([
		[
			'a first order other than the range field',
			{ collection: 'c', range: 'a', orderBy: [['b', 'asc']] as const }
		],
		[
			'an order on an equality field',
			{ collection: 'c', eq: ['a'], orderBy: [['a', 'asc']] as const }
		],
		['a range on an equality field', { collection: 'c', eq: ['a'], range: 'a' }],
		[
			'document id before another order',
			{
				collection: 'c',
				orderBy: [
					['__name__', 'asc'],
					['a', 'asc']
				] as const
			}
		]
	])('throw: %s', (_, shape) => {
		expect(() => missingIndex(shape, none)).toThrow();
	});
});

describe('the indexes file', () => {
	it('accepts a well-formed file', () => {
		expect(
			indexesFileProblems({ indexes: [composite('c', asc('a'), desc('b'))], fieldOverrides: [] })
		).toEqual([]);
	});

	it.each([
		['not an object', []],
		['no index list', { fieldOverrides: [] }],
		['an unknown key', { indexes: [], extra: 1 }],
		['a one-field composite', { indexes: [composite('c', asc('a'))] }],
		[
			'a bad order',
			{ indexes: [composite('c', asc('a'), { fieldPath: 'b', order: 'UP' } as unknown as Field)] }
		],
		[
			'a field with two modes',
			{ indexes: [composite('c', asc('a'), { ...asc('b'), arrayConfig: 'CONTAINS' })] }
		],
		['two array fields', { indexes: [composite('c', contains('a'), contains('b'))] }],
		[
			'a duplicate',
			{ indexes: [composite('c', asc('a'), asc('b')), composite('c', asc('a'), asc('b'))] }
		]
	])('refuses %s', (_, file) => {
		expect(indexesFileProblems(file)).not.toEqual([]);
	});
});
