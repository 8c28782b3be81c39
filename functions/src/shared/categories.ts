/** Operator categories shown in the directory filter. Stored on operators by `id`. */
export const CATEGORIES = [
	{ id: 'tarot', label: 'Tarot' },
	{ id: 'astrology', label: 'Astrology' },
	{ id: 'numerology', label: 'Numerology' },
	{ id: 'coaching', label: 'Life coaching' },
	{ id: 'relationships', label: 'Relationships' },
	{ id: 'career', label: 'Career' },
	{ id: 'wellbeing', label: 'Wellbeing' }
] as const;
export type CategoryId = (typeof CATEGORIES)[number]['id'];

export function isCategoryId(value: unknown): value is CategoryId {
	return CATEGORIES.some((c) => c.id === value);
}
export function categoryLabel(id: string): string {
	return CATEGORIES.find((c) => c.id === id)?.label ?? id;
}
