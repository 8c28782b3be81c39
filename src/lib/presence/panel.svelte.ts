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

	private connection: PanelConnection | null = null;

	constructor() {
		$effect(() => {
			this.connect();
			// Leaving the page inside the app (client-side navigation) closes the panel too.
			return () => this.connection?.dispose({ beacon: true });
		});
	}

	/**
	 * Opens a new panel on the server. Used at mount, and after the server closed this one
	 * (expired) or the first attempt failed: its operators start offline, like any new panel.
	 */
	connect() {
		this.connection?.dispose({ beacon: false });
		this.error = null;
		this.panelId = null;
		const connection = new PanelConnection({
			onLink: (link) => {
				if (this.connection === connection) this.link = link;
			}
		});
		this.connection = connection;
		connection.open().then(
			() => {
				if (this.connection === connection) this.panelId = connection.panelId;
			},
			(error: unknown) => {
				if (this.connection !== connection) return;
				this.error = humanError(error);
				this.link = 'unreachable';
			}
		);
	}

	/** True when the panel is not usable and a fresh one must be opened. */
	get needsReconnect() {
		return this.link === 'expired' || (this.link === 'unreachable' && this.panelId === null);
	}

	async set(operatorIds: string[], status: SettableStatus) {
		const connection = this.connection;
		if (!connection) return;
		this.error = null;
		this.pending = [...this.pending, ...operatorIds];
		try {
			await connection.setStatus(operatorIds, status);
		} catch (error) {
			this.error = humanError(error);
		} finally {
			this.pending = this.pending.filter((id) => !operatorIds.includes(id));
		}
	}
}
