/**
 * Rune state over a Ringer, owned by the component that creates it (create it during component
 * initialisation: it follows `requests()` in an effect and undoes everything when the component
 * is destroyed).
 *
 *   const alerts = new RingAlerts(() => ringing.map((r) => ({ id: r.id, label: r.customerName })));
 *   {#if alerts.soundBlocked}<button onclick={() => alerts.enableSound()}>Enable sound</button>{/if}
 */
import { untrack } from 'svelte';
import { asset } from '$app/paths';
import { Ringer, type NotificationPermissionState, type RingRequest } from './ringer';
import { browserRingerDom } from './ringer-dom';

export class RingAlerts {
	/** How many requests ring now. */
	count = $state(0);
	/** The browser refused to play the chime: show a visible "Enable sound" button. */
	soundBlocked = $state(false);
	notificationPermission = $state<NotificationPermissionState>('unsupported');

	private ringer: Ringer | null = null;

	constructor(requests: () => readonly RingRequest[], options: { soundUrl?: string } = {}) {
		$effect(() => {
			const ringer = new Ringer(
				browserRingerDom({ soundUrl: options.soundUrl ?? asset('/sounds/ring.wav') }),
				(snapshot) => {
					this.count = snapshot.count;
					this.soundBlocked = snapshot.soundBlocked;
					this.notificationPermission = snapshot.notificationPermission;
				}
			);
			this.ringer = ringer;
			this.notificationPermission = ringer.snapshot.notificationPermission;
			return () => {
				ringer.dispose();
				this.ringer = null;
			};
		});

		$effect(() => {
			// Read every id and label so a change to any of them re-runs this effect.
			const list = requests().map(({ id, label }) => ({ id, label }));
			untrack(() => this.ringer?.update(list));
		});
	}

	/** Whether to offer "Turn on notifications" (the browser has not asked yet). */
	get canAskNotifications(): boolean {
		return this.notificationPermission === 'default';
	}

	/** Call from a click. */
	enableSound(): Promise<void> {
		return this.ringer?.enableSound() ?? Promise.resolve();
	}

	/** Call from a click: the browser asks once. */
	requestNotificationPermission(): Promise<NotificationPermissionState> {
		return this.ringer?.requestNotificationPermission() ?? Promise.resolve('unsupported');
	}
}
