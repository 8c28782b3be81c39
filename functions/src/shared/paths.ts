/**
 * Firestore collection names and document paths. Both sides build paths only through these,
 * so a rename happens in one place.
 */
export const COL = {
	users: 'users',
	avatars: 'avatars',
	operators: 'operators',
	groups: 'groups',
	settings: 'settings',
	helpFeedback: 'helpFeedback',
	panels: 'panels',
	requests: 'requests',
	sessions: 'sessions',
	messages: 'messages',
	parties: 'parties',
	locks: 'locks',
	signals: 'signals',
	wallets: 'wallets',
	ledger: 'ledger',
	transfers: 'transfers',
	notifications: 'notifications',
	/** admins only: why a refund was made (kept out of the transfer, which its parties read). */
	refundNotes: 'refundNotes',
	/**
	 * server-only: abuse-limit counters (RateLimitDoc), one per person or address and kind
	 * (no client reads or writes).
	 */
	rateLimits: 'rateLimits',
	/** server-only: results of client idempotency keys (no client reads or writes). */
	idempotency: 'idempotency'
} as const;

/**
 * Ids a client may send for a document (sessions, locks, requests, panels, operators, uids):
 * what Firestore's auto ids and Auth's uids look like, and nothing that could reach another path.
 */
export const DOC_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
/** The refusal of an id that does not match DOC_ID_PATTERN. */
export const INVALID_DOC_ID = 'That is not a valid id.';

export const PATHS = {
	user: (uid: string) => `${COL.users}/${uid}`,
	avatar: (uid: string) => `${COL.avatars}/${uid}`,
	operator: (uid: string) => `${COL.operators}/${uid}`,
	group: (groupId: string) => `${COL.groups}/${groupId}`,
	platformSettings: () => `${COL.settings}/platform`,
	wallet: (uid: string) => `${COL.wallets}/${uid}`,
	panel: (panelId: string) => `${COL.panels}/${panelId}`,
	request: (requestId: string) => `${COL.requests}/${requestId}`,
	session: (sessionId: string) => `${COL.sessions}/${sessionId}`,
	message: (sessionId: string, messageId: string) =>
		`${COL.sessions}/${sessionId}/${COL.messages}/${messageId}`,
	party: (sessionId: string, uid: string) => `${COL.sessions}/${sessionId}/${COL.parties}/${uid}`,
	lock: (sessionId: string, lockId: string) =>
		`${COL.sessions}/${sessionId}/${COL.locks}/${lockId}`,
	locks: (sessionId: string) => `${COL.sessions}/${sessionId}/${COL.locks}`,
	parties: (sessionId: string) => `${COL.sessions}/${sessionId}/${COL.parties}`,
	transfer: (transferId: string) => `${COL.transfers}/${transferId}`,
	ledgerEntry: (entryId: string) => `${COL.ledger}/${entryId}`,
	refundNote: (transferId: string) => `${COL.refundNotes}/${transferId}`,
	rateLimit: (id: string) => `${COL.rateLimits}/${id}`,
	idempotency: (id: string) => `${COL.idempotency}/${id}`
} as const;

/**
 * Ledger account ids. A customer's spendable balance is `wallet:<uid>` (mirrored in
 * `wallets/{uid}`); operators' earnings go to the payee account of their group (when they belong
 * to one) or to their own; money enters through `external:*` accounts. Payee and platform
 * accounts have no balance document: they are the sum of their entries (see locks.ts).
 * Platform entries are spread over DEFAULTS.platformShards account ids chosen from the transfer
 * id, so no single index range takes every unlock; platform revenue is the sum over all shards.
 */
export const ACCOUNTS = {
	wallet: (uid: string) => `wallet:${uid}`,
	operatorPayee: (uid: string) => `payee:operator:${uid}`,
	groupPayee: (groupId: string) => `payee:group:${groupId}`,
	platform: (shard: number) => `platform:${shard}`,
	externalTopUp: (provider: 'stripe' | 'demo') => `external:${provider}`
} as const;
