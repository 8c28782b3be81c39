// The app is a client-rendered SPA; individual public pages opt into prerendering.
export const ssr = false;
export const prerender = false;
