// A pure SPA: the NestJS server serves the built files, so nothing renders on a server and
// nothing is prerendered (adapter-static's fallback would overwrite a prerendered index).
export const ssr = false;
export const prerender = false;
