/**
 * Every Firestore query the app and the functions run, by shape: which collection, which fields
 * are filtered by equality, by array-contains or by a range, and the ordering. Both sides build
 * their queries only from these (src/lib/firebase/shaped-query.ts in the app,
 * functions/src/lib/shaped-query.ts on the server), and a unit test checks every shape against
 * firestore.indexes.json with Firestore's index rules (scripts/lib/firestore-indexes.mjs): the
 * emulator runs any query without an index, a real project refuses one without its composite
 * index. Another test fails on a `where(`/`orderBy(` written outside the two builders.
 */
import { COL } from './paths.js';

export type Direction = 'asc' | 'desc';
export type RangeOp = '<' | '<=' | '>' | '>=';

/** Ordering by document id (Firestore's `__name__`), as the reconciliation pages do. */
export const DOCUMENT_ID = '__name__';

export interface QueryShape {
	/** The collection id (the last path segment). */
	readonly collection: string;
	/** A collection-group query (every collection of that id). */
	readonly group?: boolean;
	readonly eq?: readonly string[];
	readonly contains?: string;
	/** The one field filtered by `<`, `<=`, `>` or `>=` (one or two bounds). */
	readonly range?: string;
	readonly orderBy?: readonly (readonly [string, Direction])[];
}

const ASC = 'asc' as const;
const DESC = 'desc' as const;
const NEWEST = [['createdAt', DESC]] as const;

export const QUERIES = {
	// operators: the directory (listed, online first then by name; optional category, name prefix)
	directory: {
		collection: COL.operators,
		eq: ['listed'],
		orderBy: [
			['statusRank', ASC],
			['nameLower', ASC]
		]
	},
	directoryInCategory: {
		collection: COL.operators,
		eq: ['listed'],
		contains: 'categories',
		orderBy: [
			['statusRank', ASC],
			['nameLower', ASC]
		]
	},
	directorySearch: {
		collection: COL.operators,
		eq: ['listed'],
		range: 'nameLower',
		orderBy: [['nameLower', ASC]]
	},
	directorySearchInCategory: {
		collection: COL.operators,
		eq: ['listed'],
		contains: 'categories',
		range: 'nameLower',
		orderBy: [['nameLower', ASC]]
	},
	groupOperatorsByName: {
		collection: COL.operators,
		eq: ['groupId', 'listed'],
		orderBy: [['nameLower', ASC]]
	},
	groupOperators: { collection: COL.operators, eq: ['groupId', 'listed'] },

	// sessions
	historyOfCustomer: {
		collection: COL.sessions,
		eq: ['customerUid'],
		orderBy: [['startedAt', DESC]]
	},
	historyOfOperator: {
		collection: COL.sessions,
		eq: ['operatorId'],
		orderBy: [['startedAt', DESC]]
	},
	historyOfGroup: { collection: COL.sessions, eq: ['groupId'], orderBy: [['startedAt', DESC]] },
	liveChatsOfOperator: {
		collection: COL.sessions,
		eq: ['operatorId', 'status'],
		orderBy: [['startedAt', DESC]]
	},
	liveChatsOfGroup: {
		collection: COL.sessions,
		eq: ['groupId', 'status'],
		orderBy: [['startedAt', DESC]]
	},
	newestMessages: { collection: COL.messages, orderBy: NEWEST },
	newestSignals: { collection: COL.signals, orderBy: NEWEST },
	sessionLocks: { collection: COL.locks, orderBy: [['createdAt', ASC]] },
	locksByStatus: { collection: COL.locks, eq: ['status'] },
	/** The sweep: pending locks whose top-up reservation has passed, in every session. */
	overdueLocks: {
		collection: COL.locks,
		group: true,
		eq: ['status'],
		range: 'reservedUntil',
		orderBy: [['reservedUntil', ASC]]
	},
	/** The sweep: chat windows of one side silent past the timeout, in every session. */
	silentParties: {
		collection: COL.parties,
		group: true,
		eq: ['role'],
		range: 'seenAt',
		orderBy: [['seenAt', ASC]]
	},

	// requests
	requestsOfOperator: { collection: COL.requests, eq: ['operatorId', 'status'] },
	requestsOfGroup: { collection: COL.requests, eq: ['groupId', 'status'] },
	requestsOfCustomer: { collection: COL.requests, eq: ['customerUid', 'status'] },
	overdueRequests: {
		collection: COL.requests,
		eq: ['status'],
		range: 'expiresAt',
		orderBy: [['expiresAt', ASC]]
	},

	// panels: the sweep's open panels whose heartbeat stopped
	stalePanels: { collection: COL.panels, eq: ['closedAt'], range: 'heartbeatAt' },

	// ledger, transfers, wallets
	walletHistory: { collection: COL.ledger, eq: ['ownerUid', 'account'], orderBy: NEWEST },
	operatorEarnings: {
		collection: COL.ledger,
		eq: ['ownerUid', 'account'],
		range: 'createdAt',
		orderBy: NEWEST
	},
	groupEarnings: {
		collection: COL.ledger,
		eq: ['groupId', 'account'],
		range: 'createdAt',
		orderBy: NEWEST
	},
	transferEntries: { collection: COL.ledger, eq: ['transferId'] },
	accountEntries: { collection: COL.ledger, eq: ['account'] },
	ledgerPages: { collection: COL.ledger, orderBy: [[DOCUMENT_ID, ASC]] },
	transferPages: { collection: COL.transfers, orderBy: [[DOCUMENT_ID, ASC]] },
	walletPages: { collection: COL.wallets, orderBy: [[DOCUMENT_ID, ASC]] },

	// groups, notifications, help feedback
	groupsByName: { collection: COL.groups, orderBy: [['name', ASC]] },
	groupsOfOwner: { collection: COL.groups, eq: ['ownerUid'] },
	unreadNotifications: {
		collection: COL.notifications,
		eq: ['toUid', 'read'],
		orderBy: NEWEST
	},
	feedback: { collection: COL.helpFeedback, orderBy: NEWEST },
	articleFeedback: { collection: COL.helpFeedback, eq: ['article'], orderBy: NEWEST }
} as const satisfies Record<string, QueryShape>;

export type QueryName = keyof typeof QUERIES;

/** The values one query fills its shape with: one per equality field, the rest as declared. */
export type ShapeValues<S extends QueryShape> = (S extends {
	eq: readonly (infer F extends string)[];
}
	? { eq: Record<F, unknown> }
	: { eq?: never }) &
	(S extends { contains: string } ? { contains: unknown } : { contains?: never }) &
	(S extends { range: string } ? { range: Partial<Record<RangeOp, unknown>> } : { range?: never });

/** ShapeValues of any shape, as the builders pass them on. */
export interface AnyShapeValues {
	eq?: Record<string, unknown>;
	contains?: unknown;
	range?: Partial<Record<RangeOp, unknown>>;
}

export type Clause =
	| { kind: 'where'; field: string; op: '==' | 'array-contains' | RangeOp; value: unknown }
	| { kind: 'orderBy'; field: string; direction: Direction };

/**
 * The filters and orders of one query, in the shape's order. Throws when the values do not fit
 * the shape (a missing or extra equality value, a range without a bound): a query is exactly its
 * declared shape or it is not built.
 */
export function shapeClauses(shape: QueryShape, values: AnyShapeValues): Clause[] {
	const name = shape.collection;
	const eq = shape.eq ?? [];
	const given = Object.keys(values.eq ?? {});
	const extra = given.filter((f) => !eq.includes(f));
	const missing = eq.filter((f) => !(f in (values.eq ?? {})));
	if (extra.length > 0 || missing.length > 0)
		throw new Error(
			`query on ${name}: equality values ${given.join(',')} do not fit ${eq.join(',')}`
		);
	if ((shape.contains !== undefined) !== ('contains' in values && values.contains !== undefined))
		throw new Error(`query on ${name}: array-contains value does not fit the shape`);
	const bounds = Object.entries(values.range ?? {}).filter(([, v]) => v !== undefined);
	if ((shape.range !== undefined) !== bounds.length > 0)
		throw new Error(`query on ${name}: range bounds do not fit the shape`);
	const clauses: Clause[] = eq.map((field) => ({
		kind: 'where',
		field,
		op: '==',
		value: values.eq![field]
	}));
	if (shape.contains)
		clauses.push({
			kind: 'where',
			field: shape.contains,
			op: 'array-contains',
			value: values.contains
		});
	for (const [op, value] of bounds)
		clauses.push({ kind: 'where', field: shape.range!, op: op as RangeOp, value });
	for (const [field, direction] of shape.orderBy ?? [])
		clauses.push({ kind: 'orderBy', field, direction });
	return clauses;
}
