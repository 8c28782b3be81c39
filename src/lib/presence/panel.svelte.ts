/** Rune state over a PanelConnection, owned by the component that creates it. */
import { humanError } from '$lib/firebase/callables';
import { PanelConnection, type PanelLink } from './panel';
import type { SettableStatus } from '$shared/presence';

export class ControlPanel {
	link = $state<PanelLink>('opening');
	error = $state<string | null>(null);
	panelId = $state<string | null>(null);
	/** Operator ids with a status change in flight, to disable their buttons. */
	pending = $state<string[]>([]);

	private connection = new PanelConnection({ onLink: (link) => (this.link = link) });

	constructor() {
		$effect(() => {
			this.connection.open().then(
				() => (this.panelId = this.connection.panelId),
				(error: unknown) => {
					this.error = humanError(error);
					this.link = 'unreachable';
				}
			);
			// Leaving the page inside the app (client-side navigation) closes the panel too.
			return () => this.connection.dispose({ beacon: true });
		});
	}

	async set(operatorIds: string[], status: SettableStatus) {
		this.error = null;
		this.pending = [...this.pending, ...operatorIds];
		try {
			await this.connection.setStatus(operatorIds, status);
		} catch (error) {
			this.error = humanError(error);
		} finally {
			this.pending = this.pending.filter((id) => !operatorIds.includes(id));
		}
	}
}
