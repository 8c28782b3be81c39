import { describe, expect, it } from 'vitest';
import { QUERIES, shapeClauses } from './queries.js';

describe('shapeClauses', () => {
	it('builds the shape: equalities, array-contains, range bounds, then orders', () => {
		expect(
			shapeClauses(QUERIES.directorySearchInCategory, {
				eq: { listed: true },
				contains: 'tarot',
				range: { '>=': 'lu', '<=': 'lu\uf8ff' }
			})
		).toEqual([
			{ kind: 'where', field: 'listed', op: '==', value: true },
			{ kind: 'where', field: 'categories', op: 'array-contains', value: 'tarot' },
			{ kind: 'where', field: 'nameLower', op: '>=', value: 'lu' },
			{ kind: 'where', field: 'nameLower', op: '<=', value: 'lu\uf8ff' },
			{ kind: 'orderBy', field: 'nameLower', direction: 'asc' }
		]);
	});

	it('keeps a null equality (open panels)', () => {
		expect(
			shapeClauses(QUERIES.stalePanels, { eq: { closedAt: null }, range: { '<': 5 } })
		).toEqual([
			{ kind: 'where', field: 'closedAt', op: '==', value: null },
			{ kind: 'where', field: 'heartbeatAt', op: '<', value: 5 }
		]);
	});

	it.each([
		['a missing equality value', QUERIES.liveChatsOfGroup, { eq: { groupId: 'g' } }],
		['an extra equality value', QUERIES.historyOfGroup, { eq: { groupId: 'g', status: 'active' } }],
		['a missing array-contains value', QUERIES.directoryInCategory, { eq: { listed: true } }],
		[
			'an array-contains value the shape lacks',
			QUERIES.directory,
			{ eq: { listed: true }, contains: 'x' }
		],
		['a range without a bound', QUERIES.overdueRequests, { eq: { status: 'ringing' }, range: {} }],
		['a bound the shape lacks', QUERIES.feedback, { range: { '<': 1 } }]
	])('refuses %s', (_, shape, values) => {
		expect(() => shapeClauses(shape, values)).toThrow();
	});
});
