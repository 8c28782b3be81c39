/**
 * What the chat window says around the conversation, as pure functions of its state: how each
 * person's connection reads, the names and questions it uses, the webcam control's wording, and
 * which lock offer (if any) is waiting for an answer or a decision.
 */
import type { ChatSide, SessionDoc } from '$shared/chat';
import type { LockDoc } from '$shared/locks';
import { firstName } from '$shared/names';
import { settingsFrom } from '$shared/settings';
import type { PlatformSettingsDoc } from '$shared/types';
import type { OfferBounds } from '$lib/money/lock';
import type { CamStatus } from '$lib/cam/cam.svelte';
import type { PeerState } from './peer';

type Names = Pick<SessionDoc, 'customerName' | 'operatorName'>;

const PEER_TEXT: Record<PeerState, string> = {
	waiting: 'Joining…',
	here: 'Connected',
	away: 'Connection lost: waiting for them to come back',
	leaving: 'Closed the chat window',
	left: 'Left the chat'
};

/** How one person of the chat shows to the reader: the other side's connection, or themselves. */
export function personState(
	person: ChatSide,
	reader: ChatSide,
	peer: PeerState
): PeerState | 'self' {
	return person === reader ? 'self' : peer;
}

export function personStateText(state: PeerState | 'self'): string {
	return state === 'self' ? 'You' : PEER_TEXT[state];
}

/** The other person's first name, as the window addresses them. */
export function peerFirstName(session: Names, reader: ChatSide | null): string {
	return firstName(reader === 'customer' ? session.operatorName : session.customerName);
}

export function chatTitle(peerName: string | null): string {
	return peerName === null ? 'Chat · Parley' : `Chat with ${peerName} · Parley`;
}

/** The confirmation asked before ending: leaving ends the chat for both sides. */
export function endQuestion(reader: ChatSide | null, customerName: string | undefined): string {
	return reader === 'customer'
		? 'Leave this chat? It ends for both of you.'
		: `End the chat with ${customerName ?? 'the customer'}?`;
}

/** The operator's webcam button: it cannot start while a lock offer pauses the chat. */
export function camButton(cam: { status: CamStatus; lockPending: boolean }) {
	const off = cam.status === 'off';
	const label = off ? 'Start webcam' : 'Stop webcam';
	return {
		label,
		title: cam.lockPending && off ? 'The webcam waits while the chat is paused' : label,
		disabled: cam.status === 'starting' || (cam.lockPending && off)
	};
}

/** Beside the operator's own preview: whether the customer sees them yet. */
export function camStateText(cam: {
	status: CamStatus;
	viewerConnected: boolean;
	customerName: string;
}): string {
	if (cam.status === 'starting') return 'Starting…';
	return cam.viewerConnected
		? `${cam.customerName} sees you`
		: `Live: waiting for ${cam.customerName}'s window`;
}

/**
 * The price bounds a new offer must keep: the settings in force, sanitised exactly as the server
 * sanitises them (a malformed document shows the bounds the server will enforce).
 */
export function lockBounds(settings: Partial<PlatformSettingsDoc> | null | undefined): OfferBounds {
	return settingsFrom(settings ?? undefined);
}

type Lock = Pick<LockDoc, 'status'> & { id: string };

/** The offer waiting for the customer's answer, if any. */
export function pendingLockOf<L extends Lock>(locks: L[]): L | null {
	return locks.find((l) => l.status === 'pending') ?? null;
}

/**
 * The newest offer when the customer declined it and the operator side has not yet chosen to go
 * on (`dismissedId`): it stays in view until then.
 */
export function declinedLockOf<L extends Lock>(locks: L[], dismissedId: string | null): L | null {
	const last = locks.at(-1);
	return last && last.status === 'declined' && last.id !== dismissedId ? last : null;
}
