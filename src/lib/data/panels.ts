/** `panels/{panelId}`: open control panels. Created by a callable; the owner writes heartbeats. */
import { doc, serverTimestamp, updateDoc } from 'firebase/firestore';
import { COL } from '$shared/paths';
import { firebase } from '$lib/firebase/app';

/** One write to the panel document: operator documents never change on a heartbeat. */
export async function writeHeartbeat(panelId: string) {
	await updateDoc(doc(firebase().db, COL.panels, panelId), { heartbeatAt: serverTimestamp() });
}
