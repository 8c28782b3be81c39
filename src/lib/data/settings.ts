/** `settings/platform`: commission, lock bounds, currency (server-written, public read). */
import { doc } from 'firebase/firestore';
import { COL } from '$shared/paths';
import type { PlatformSettingsDoc } from '$shared/types';
import { firebase } from '$lib/firebase/app';
import { converter } from '$lib/firebase/convert';

export function platformSettingsRef() {
	return doc(firebase().db, COL.settings, 'platform').withConverter(
		converter<PlatformSettingsDoc>()
	);
}
