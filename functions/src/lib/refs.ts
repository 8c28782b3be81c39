/**
 * Typed document references for the server: the shared document shapes (shared/types.ts,
 * chat.ts, locks.ts, presence.ts) with Firestore's Timestamp as their time type, bound to the paths
 * of shared/paths.ts. Reading through these gives `snap.data()` the document's type, and writing
 * through them checks every field name and value, so a field renamed in the contract fails the
 * typecheck here instead of writing a document nobody reads. `FieldValue`s (serverTimestamp,
 * increment, arrayUnion) stay allowed wherever a field is written.
 *
 * The converters change nothing on the way in or out: stored documents keep exactly their fields.
 */
import type {
	DocumentData,
	DocumentReference,
	DocumentSnapshot,
	Firestore,
	FirestoreDataConverter,
	Query,
	QueryDocumentSnapshot,
	Timestamp,
	Transaction
} from 'firebase-admin/firestore';
import type { MessageDoc, PartyDoc, RequestDoc, SessionDoc } from '../shared/chat.js';
import type { LockDoc } from '../shared/locks.js';
import { COL, PATHS } from '../shared/paths.js';
import type { PanelDoc } from '../shared/presence.js';
import type {
	GroupDoc,
	HelpFeedbackDoc,
	IdempotencyDoc,
	LedgerEntryDoc,
	NotificationDoc,
	OperatorDoc,
	PlatformSettingsDoc,
	RateLimitDoc,
	RefundNoteDoc,
	TransferDoc,
	UserDoc,
	WalletDoc
} from '../shared/types.js';

/**
 * A shared document type as the server reads and writes it (with `Timestamp` for `T`), as a plain
 * object type: interfaces have no index signature, so they are not DocumentData; a mapped copy is,
 * and keeps every field's name, optionality and type.
 */
export type ServerDoc<D> = { [K in keyof D]: D[K] };
type Stored<D> = ServerDoc<D>;

function typed<D extends DocumentData>(): FirestoreDataConverter<D, D> {
	return {
		// Identity both ways: the type is the contract, the stored document is what was written.
		toFirestore: (data: DocumentData) => data as never,
		fromFirestore: (snap: QueryDocumentSnapshot) => snap.data() as D
	};
}

export const CONVERTERS = {
	user: typed<Stored<UserDoc<Timestamp>>>(),
	operator: typed<Stored<OperatorDoc<Timestamp>>>(),
	group: typed<Stored<GroupDoc<Timestamp>>>(),
	settings: typed<Stored<PlatformSettingsDoc<Timestamp>>>(),
	helpFeedback: typed<Stored<HelpFeedbackDoc<Timestamp>>>(),
	rateLimit: typed<Stored<RateLimitDoc<Timestamp>>>(),
	panel: typed<Stored<PanelDoc<Timestamp>>>(),
	request: typed<Stored<RequestDoc<Timestamp>>>(),
	session: typed<Stored<SessionDoc<Timestamp>>>(),
	message: typed<Stored<MessageDoc<Timestamp>>>(),
	party: typed<Stored<PartyDoc<Timestamp>>>(),
	lock: typed<Stored<LockDoc<Timestamp>>>(),
	wallet: typed<Stored<WalletDoc<Timestamp>>>(),
	transfer: typed<Stored<TransferDoc<Timestamp>>>(),
	ledgerEntry: typed<Stored<LedgerEntryDoc<Timestamp>>>(),
	refundNote: typed<Stored<RefundNoteDoc<Timestamp>>>(),
	notification: typed<Stored<NotificationDoc<Timestamp>>>()
} as const;

export const userRef = (db: Firestore, uid: string) =>
	db.doc(PATHS.user(uid)).withConverter(CONVERTERS.user);

export const operatorRef = (db: Firestore, uid: string) =>
	db.doc(PATHS.operator(uid)).withConverter(CONVERTERS.operator);

export const groupRef = (db: Firestore, groupId: string) =>
	db.doc(PATHS.group(groupId)).withConverter(CONVERTERS.group);

/** A new group's reference, under an id chosen here. */
export const newGroupRef = (db: Firestore) =>
	db.collection(COL.groups).doc().withConverter(CONVERTERS.group);

export const settingsRef = (db: Firestore) =>
	db.doc(PATHS.platformSettings()).withConverter(CONVERTERS.settings);

export const newHelpFeedbackRef = (db: Firestore) =>
	db.collection(COL.helpFeedback).doc().withConverter(CONVERTERS.helpFeedback);

export const rateLimitDocRef = (db: Firestore, id: string) =>
	db.doc(PATHS.rateLimit(id)).withConverter(CONVERTERS.rateLimit);

export const panelRef = (db: Firestore, panelId: string) =>
	db.doc(PATHS.panel(panelId)).withConverter(CONVERTERS.panel);

export const newPanelRef = (db: Firestore) =>
	db.collection(COL.panels).doc().withConverter(CONVERTERS.panel);

export const requestRef = (db: Firestore, requestId: string) =>
	db.doc(PATHS.request(requestId)).withConverter(CONVERTERS.request);

export const newRequestRef = (db: Firestore) =>
	db.collection(COL.requests).doc().withConverter(CONVERTERS.request);

export const sessionRef = (db: Firestore, sessionId: string) =>
	db.doc(PATHS.session(sessionId)).withConverter(CONVERTERS.session);

export const messageRef = (db: Firestore, sessionId: string, messageId: string) =>
	db.doc(PATHS.message(sessionId, messageId)).withConverter(CONVERTERS.message);

export const partyRef = (db: Firestore, sessionId: string, uid: string) =>
	db.doc(PATHS.party(sessionId, uid)).withConverter(CONVERTERS.party);

export const partiesRef = (db: Firestore, sessionId: string) =>
	db.collection(PATHS.parties(sessionId)).withConverter(CONVERTERS.party);

export const lockRef = (db: Firestore, sessionId: string, lockId: string) =>
	db.doc(PATHS.lock(sessionId, lockId)).withConverter(CONVERTERS.lock);

/** A new lock's reference, under an id chosen here (once, so a retried transaction reuses it). */
export const newLockRef = (db: Firestore, sessionId: string) =>
	db.collection(PATHS.locks(sessionId)).doc().withConverter(CONVERTERS.lock);

export const walletRef = (db: Firestore, uid: string) =>
	db.doc(PATHS.wallet(uid)).withConverter(CONVERTERS.wallet);

export const transferRef = (db: Firestore, transferId: string) =>
	db.doc(PATHS.transfer(transferId)).withConverter(CONVERTERS.transfer);

export const ledgerEntryRef = (db: Firestore, entryId: string) =>
	db.doc(PATHS.ledgerEntry(entryId)).withConverter(CONVERTERS.ledgerEntry);

export const refundNoteRef = (db: Firestore, transferId: string) =>
	db.doc(PATHS.refundNote(transferId)).withConverter(CONVERTERS.refundNote);

export const newNotificationRef = (db: Firestore) =>
	db.collection(COL.notifications).doc().withConverter(CONVERTERS.notification);

/** The record of a client idempotency key, with the answer it gave (`R`). */
export const idempotencyRef = <R>(db: Firestore, id: string) =>
	db.doc(PATHS.idempotency(id)).withConverter(typed<Stored<IdempotencyDoc<R, Timestamp>>>());

/** A query's documents typed as those of its collection. */
export function typedQuery<D extends DocumentData>(
	query: Query,
	converter: FirestoreDataConverter<D, D>
): Query<D, D> {
	return query.withConverter(converter);
}

type SnapshotOf<R> = R extends DocumentReference<infer A, infer D> ? DocumentSnapshot<A, D> : never;

/**
 * `tx.getAll` for references of different collections, each snapshot typed as its own: one read
 * of them all, in the order given.
 */
export async function getAllIn<R extends DocumentReference<DocumentData, DocumentData>[]>(
	tx: Transaction,
	...refs: [...R]
): Promise<{ [K in keyof R]: SnapshotOf<R[K]> }> {
	return (await tx.getAll(...refs)) as { [K in keyof R]: SnapshotOf<R[K]> };
}
