import { error } from '@sveltejs/kit';
import { ARTICLES, articleBySlug } from '$lib/help/articles';
import type { EntryGenerator, PageLoad } from './$types';

export const entries: EntryGenerator = () => ARTICLES.map((a) => ({ slug: a.slug }));

export const load: PageLoad = ({ params }) => {
	const article = articleBySlug(params.slug);
	if (!article) error(404, 'There is no help article at this address.');
	return { article };
};
