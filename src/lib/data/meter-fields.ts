/**
 * The Firestore side of a flood meter step ($shared/meters): the fields a step merges into the
 * party document, and the meter as read back. No app state here: the soak test writes the same.
 */
import { increment, serverTimestamp, Timestamp, type DocumentData } from 'firebase/firestore';
import { METERS, type MeterName, type MeterState, type MeterStep } from '$shared/meters';

/** The fields of one meter step, for a merge into the party document. */
export function meterFields(name: MeterName, step: MeterStep): DocumentData {
	const { count, since } = METERS[name];
	return step.kind === 'restart'
		? { [count]: 1, [since]: serverTimestamp() }
		: { [count]: increment(1) };
}

export function meterStateOf(data: DocumentData | undefined, name: MeterName): MeterState {
	const { count, since } = METERS[name];
	const at = data?.[since];
	return {
		count: typeof data?.[count] === 'number' ? (data[count] as number) : null,
		sinceMs: at instanceof Timestamp ? at.toMillis() : null
	};
}
