import adapter from '@sveltejs/adapter-static';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    // A SPA: the NestJS server serves build/ and answers unknown non-/api paths with
    // index.html. Nothing is prerendered, because the fallback would overwrite the index.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html' }),
    // The fallback page is served at every depth (/a/b/c), so asset URLs must be absolute.
    paths: { relative: false },
  },
};
