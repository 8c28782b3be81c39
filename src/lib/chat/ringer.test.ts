import { describe, expect, it } from 'vitest';
import {
	Ringer,
	badgeText,
	planRing,
	requestNotification,
	shouldNotify,
	titleWithCount,
	type NotificationPermissionState,
	type RingerDom,
	type RingerSnapshot
} from './ringer';

describe('titleWithCount', () => {
	it('prefixes the count and removes it at zero', () => {
		expect(titleWithCount('Chat messenger', 1)).toBe('(1) Chat messenger');
		expect(titleWithCount('Chat messenger', 12)).toBe('(12) Chat messenger');
		expect(titleWithCount('(3) Chat messenger', 2)).toBe('(2) Chat messenger');
		expect(titleWithCount('(3) Chat messenger', 0)).toBe('Chat messenger');
		expect(titleWithCount('Chat messenger', 0)).toBe('Chat messenger');
	});

	it('leaves parentheses that are part of the title', () => {
		expect(titleWithCount('(Beta) Parley', 0)).toBe('(Beta) Parley');
		expect(titleWithCount('(Beta) Parley', 2)).toBe('(2) (Beta) Parley');
	});
});

describe('badgeText', () => {
	it('fits two characters', () => {
		expect(badgeText(1)).toBe('1');
		expect(badgeText(9)).toBe('9');
		expect(badgeText(10)).toBe('9+');
	});
});

describe('requestNotification', () => {
	it('names the customer and is tagged per request', () => {
		expect(requestNotification({ id: 'r1', label: 'Alice' })).toEqual({
			tag: 'chat-request-r1',
			title: 'New chat request from Alice',
			body: 'Open the chat messenger to accept or decline.'
		});
	});
});

describe('planRing', () => {
	const a = { id: 'a', label: 'Alice' };
	const b = { id: 'b', label: 'Bob' };

	it('starts on the first request and stops after the last', () => {
		expect(planRing(new Set(), [a])).toEqual({
			start: true,
			stop: false,
			added: [a],
			removed: [],
			count: 1
		});
		expect(planRing(new Set(['a']), [a, b])).toMatchObject({
			start: false,
			stop: false,
			added: [b]
		});
		expect(planRing(new Set(['a', 'b']), [b])).toMatchObject({
			start: false,
			stop: false,
			removed: ['a'],
			count: 1
		});
		expect(planRing(new Set(['b']), [])).toMatchObject({
			start: false,
			stop: true,
			removed: ['b']
		});
	});

	it('does nothing when nothing changes', () => {
		expect(planRing(new Set(), [])).toEqual({
			start: false,
			stop: false,
			added: [],
			removed: [],
			count: 0
		});
		expect(planRing(new Set(['a']), [a])).toMatchObject({ start: false, stop: false, added: [] });
	});

	it('sees one request replaced by another as a change, not a stop and start', () => {
		expect(planRing(new Set(['a']), [b])).toMatchObject({
			start: false,
			stop: false,
			added: [b],
			removed: ['a'],
			count: 1
		});
	});

	it('counts duplicates once', () => {
		expect(planRing(new Set(), [a, a]).count).toBe(1);
	});
});

describe('shouldNotify', () => {
	it('notifies only a hidden panel with permission', () => {
		expect(shouldNotify(true, 'granted')).toBe(true);
		expect(shouldNotify(false, 'granted')).toBe(false);
		expect(shouldNotify(true, 'default')).toBe(false);
		expect(shouldNotify(true, 'denied')).toBe(false);
		expect(shouldNotify(true, 'unsupported')).toBe(false);
	});
});

function fakeDom(
	options: { blocked?: boolean; hidden?: boolean; permission?: NotificationPermissionState } = {}
) {
	const log: string[] = [];
	const state = {
		title: 'Chat messenger',
		blocked: options.blocked ?? false,
		hidden: options.hidden ?? false,
		permission: options.permission ?? ('default' as NotificationPermissionState),
		playing: false,
		badge: null as number | null,
		open: new Set<string>()
	};
	const dom: RingerDom = {
		playLoop: () => {
			log.push('play');
			if (state.blocked) return Promise.reject(new Error('NotAllowedError'));
			state.playing = true;
			return Promise.resolve();
		},
		stopLoop: () => {
			log.push('stop');
			state.playing = false;
		},
		unlock: () => {
			log.push('unlock');
			return state.blocked ? Promise.reject(new Error('NotAllowedError')) : Promise.resolve();
		},
		getTitle: () => state.title,
		setTitle: (t) => {
			state.title = t;
		},
		showBadge: (n) => {
			state.badge = n;
		},
		restoreFavicon: () => {
			state.badge = null;
		},
		isHidden: () => state.hidden,
		notificationPermission: () => state.permission,
		requestNotificationPermission: async () => {
			log.push('ask');
			state.permission = 'granted';
			return state.permission;
		},
		notify: (n) => {
			state.open.add(n.title);
			return { close: () => state.open.delete(n.title) };
		}
	};
	return { dom, state, log };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Ringer', () => {
	const alice = { id: 'a', label: 'Alice' };
	const bob = { id: 'b', label: 'Bob' };

	it('rings while requests are open, with the count in the title and favicon', async () => {
		const { dom, state, log } = fakeDom();
		const ringer = new Ringer(dom);
		ringer.update([alice]);
		await flush();
		expect(state.playing).toBe(true);
		expect(state.title).toBe('(1) Chat messenger');
		expect(state.badge).toBe(1);

		ringer.update([alice, bob]);
		expect(state.title).toBe('(2) Chat messenger');
		expect(state.badge).toBe(2);
		expect(log.filter((l) => l === 'play')).toHaveLength(1);

		ringer.update([bob]);
		expect(state.playing).toBe(true);
		ringer.update([]);
		expect(state.playing).toBe(false);
		expect(state.title).toBe('Chat messenger');
		expect(state.badge).toBeNull();
	});

	it('keeps a title the page set while ringing', () => {
		const { dom, state } = fakeDom();
		const ringer = new Ringer(dom);
		ringer.update([alice]);
		state.title = 'Group console';
		ringer.update([alice, bob]);
		expect(state.title).toBe('(2) Group console');
		ringer.update([]);
		expect(state.title).toBe('Group console');
	});

	it('reports blocked sound, and clears it when the person enables sound', async () => {
		const { dom, state } = fakeDom({ blocked: true });
		const snapshots: RingerSnapshot[] = [];
		const ringer = new Ringer(dom, (s) => snapshots.push(s));
		ringer.update([alice]);
		await flush();
		expect(ringer.snapshot.soundBlocked).toBe(true);
		expect(snapshots.at(-1)?.soundBlocked).toBe(true);

		state.blocked = false;
		await ringer.enableSound();
		expect(state.playing).toBe(true);
		expect(ringer.snapshot.soundBlocked).toBe(false);
		expect(snapshots.at(-1)?.soundBlocked).toBe(false);
	});

	it('stays blocked after the last request ends, and unlocks silently when enabled then', async () => {
		const { dom, state, log } = fakeDom({ blocked: true });
		const ringer = new Ringer(dom);
		ringer.update([alice]);
		await flush();
		ringer.update([]);
		expect(ringer.snapshot.soundBlocked).toBe(true);
		state.blocked = false;
		await ringer.enableSound();
		expect(log).toContain('unlock');
		expect(state.playing).toBe(false);
		expect(ringer.snapshot.soundBlocked).toBe(false);
	});

	it('stops a sound that started after the last request ended', async () => {
		const { dom, state } = fakeDom();
		const ringer = new Ringer(dom);
		ringer.update([alice]);
		ringer.update([]); // before play() resolved
		await flush();
		expect(state.playing).toBe(false);
	});

	it('notifies new requests only while hidden and allowed, and closes them when they end', () => {
		const { dom, state } = fakeDom({ hidden: false, permission: 'granted' });
		const ringer = new Ringer(dom);
		ringer.update([alice]);
		expect(state.open.size).toBe(0);

		state.hidden = true;
		ringer.update([alice, bob]);
		expect([...state.open]).toEqual(['New chat request from Bob']);
		ringer.update([alice, bob]);
		expect(state.open.size).toBe(1);

		ringer.update([alice]);
		expect(state.open.size).toBe(0);
	});

	it('does not notify without permission, and asks only while undecided', async () => {
		const { dom, state, log } = fakeDom({ hidden: true, permission: 'default' });
		const ringer = new Ringer(dom);
		ringer.update([alice]);
		expect(state.open.size).toBe(0);
		expect(await ringer.requestNotificationPermission()).toBe('granted');
		expect(await ringer.requestNotificationPermission()).toBe('granted');
		expect(log.filter((l) => l === 'ask')).toHaveLength(1);
		ringer.update([alice, bob]);
		expect(state.open.size).toBe(1);
	});

	it('undoes everything on dispose and ignores later updates', async () => {
		const { dom, state } = fakeDom({ hidden: true, permission: 'granted' });
		const ringer = new Ringer(dom);
		ringer.update([alice, bob]);
		await flush();
		ringer.dispose();
		expect(state.playing).toBe(false);
		expect(state.title).toBe('Chat messenger');
		expect(state.badge).toBeNull();
		expect(state.open.size).toBe(0);
		ringer.update([alice]);
		await flush();
		expect(state.playing).toBe(false);
		expect(state.title).toBe('Chat messenger');
	});

	it('leaves the title alone when nothing ever rang', () => {
		const { dom, state } = fakeDom();
		const ringer = new Ringer(dom);
		state.title = '(5) Something else';
		ringer.update([]);
		ringer.dispose();
		expect(state.title).toBe('(5) Something else');
	});
});

describe('titleWithCount on an untitled page', () => {
	it('removes a bare count (browsers trim the trailing space of a title)', () => {
		expect(titleWithCount('', 2)).toBe('(2) ');
		expect(titleWithCount('(2)', 0)).toBe('');
		expect(titleWithCount('(2)', 3)).toBe('(3) ');
	});
});
