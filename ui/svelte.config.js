import adapter from '@sveltejs/adapter-static';
import { withExternalBootstrap } from './external-bootstrap.js';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    // A SPA: the NestJS server serves build/ and answers unknown non-/api paths with
    // index.html. Nothing is prerendered, because the fallback would overwrite the index.
    // The page starts the app from a file, not an inline script, for `script-src 'self'`.
    adapter: withExternalBootstrap(
      adapter({ pages: 'build', assets: 'build', fallback: 'index.html' }),
      'build/index.html',
    ),
    // The fallback page is served at every depth (/a/b/c), so asset URLs must be absolute.
    paths: { relative: false },
  },
};
