// The help center is public, static text: prerendered to HTML at build time so it loads fast
// and reads without JavaScript. Nothing in these pages touches Firebase while rendering.
export const prerender = true;
export const ssr = true;
