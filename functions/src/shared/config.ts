/**
 * Product defaults, in one place. Every number the product promises lives here; code on both sides
 * imports these instead of repeating literals. Admin-editable values (commission, lock bounds,
 * currency) are only the *defaults* for the `settings/platform` document.
 */
export const DEFAULTS = {
	/** How long a chat request rings before it expires. */
	ringSeconds: 45,
	/** Unanswered requests in a row before an operator is set offline automatically. */
	missLimit: 3,
	/** Concurrent chat sessions per operator before they show as busy. */
	maxConcurrentChats: 1,
	/** How long an operator stays reserved while the customer tops up for a pending lock. */
	lockReserveSeconds: 120,
	/**
	 * A chat window that closes cleanly (tab or window closed, navigation away) says so with a
	 * beacon; the chat ends this long after it unless the window comes back first (a reload, or
	 * the same person opening the chat again), which cancels the end. With the beacon's own
	 * round trips the other side is told within 5 s.
	 */
	leaveGraceSeconds: 3,
	/**
	 * A chat window silent for longer than this (crash, lost network) is gone: the other side's
	 * window asks the server to end the chat (so it is told within 45 s), and the sweep does it
	 * when nobody is watching. A customer away while an offer waits (topping up) does not end it.
	 */
	windowTimeoutSeconds: 30,
	/** A chat window refreshes its typing mark at most this often while the person types. */
	typingWriteSeconds: 3,
	/** How long after a fresh typing mark the other side shows "typing…". */
	typingShowSeconds: 6,
	/**
	 * Control panel heartbeat period. With the timeout and sweep below, a crashed panel's
	 * operators go offline within timeout + sweep = 60 s, inside the 90 s promise.
	 */
	heartbeatSeconds: 10,
	/** A panel whose heartbeat is older than this is considered gone (crash, network loss). */
	panelTimeoutSeconds: 30,
	/** How often the presence sweep runs (a timer locally; twice per scheduled minute in production). */
	sweepSeconds: 30,
	/**
	 * Abuse limits on ringing. A customer waits this long after one new request before the next
	 * (asking the same advisor again while it still rings is not a new request) …
	 */
	ringCooldownSeconds: 2,
	/** … and makes at most this many new requests in any minute (a fixed minute window). */
	ringsPerMinute: 6,
	/** Platform commission in basis points (30%). */
	commissionBps: 3000,
	/** Lock price bounds in minor units. */
	lockMinCents: 50,
	lockMaxCents: 50_000,
	currency: 'USD',
	/** Platform revenue is spread over this many account shards to avoid one hot document. */
	platformShards: 10,
	/**
	 * How long a LiveKit room token may be used to connect. A token is needed only to connect (a
	 * connected client is kept in by the server, which also hands it refreshed tokens for its own
	 * reconnects), so a short life costs nothing: the app fetches a fresh one before each connect
	 * of its own and refreshes the one it holds while the webcam is on, every half of this.
	 */
	camTokenSeconds: 60,
	/** A webcam room nobody has joined yet closes after this long (the server creates it first). */
	camRoomEmptySeconds: 120,
	/** A webcam room everyone has left closes after this long (time for a reconnect). */
	camRoomDepartureSeconds: 30,
	/** Who may be in a webcam room at once: the customer, the operator, its group owner. */
	camRoomMaxParticipants: 3
} as const;

export const LIMITS = {
	displayNameMax: 60,
	headlineMax: 120,
	bioMax: 2000,
	categoriesMax: 5,
	messageMax: 2000,
	lockDescriptionMax: 500,
	feedbackCommentMax: 1000,
	ratingCommentMax: 1000,
	groupNameMax: 80,
	/** Profile images are resized in the browser to this square size (pixels). */
	avatarPixels: 160,
	/** Upper bound on a stored avatar data URL, well under Firestore's 1 MiB document cap. */
	avatarMaxChars: 100_000,
	/** Largest page any list query may ask for; rules refuse larger or unbounded lists. */
	pageMax: 100,
	/**
	 * Flood limits on what a chat window writes straight to Firestore, counted per person per
	 * chat over a minute window (shared/meters.ts; enforced by the rules): messages, a fast
	 * typist sends about 20 a minute …
	 */
	messagesPerMinute: 60,
	/** … and webcam signals (a camera start is an offer or "live" and a few candidates). */
	signalsPerMinute: 120,
	/** "Was this helpful?" answers per signed-in person, or per network address, per hour. */
	feedbackPerHour: 10
} as const;
