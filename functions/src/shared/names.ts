/** How the product addresses a person by name (the chat window, lock offers, profiles). */

/** The first word of a display name ("Luna Vale" → "Luna"); the whole name when it is one word. */
export function firstName(name: string): string {
	return name.trim().split(/\s+/)[0] || name;
}
