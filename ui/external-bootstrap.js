import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Wraps an adapter so the built page has no inline script. SvelteKit writes the few lines that
 * start the app into the page itself (sveltejs/kit#1776 asks for an option to externalise them),
 * which the server's `script-src 'self'` policy refuses; after the adapter has written the page,
 * those lines move into a content-hashed file under the immutable assets. The page then loads
 * only files from its own origin, and the policy needs neither a hash nor 'unsafe-inline'.
 *
 * The script reads `document.currentScript.parentElement`, which a classic external script
 * (no type="module") still has. A page with other than exactly one inline script fails the build:
 * a SvelteKit that starts differently must be looked at, not guessed at.
 *
 * @param {import('@sveltejs/kit').Adapter} adapter
 * @param {string} page the page the adapter writes, e.g. `build/index.html`
 * @returns {import('@sveltejs/kit').Adapter}
 */
export function withExternalBootstrap(adapter, page) {
  return {
    ...adapter,
    async adapt(builder) {
      await adapter.adapt(builder);
      const html = readFileSync(page, 'utf8');
      const inline = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].filter(
        ([, attributes]) => !/\bsrc\s*=/.test(attributes),
      );
      if (inline.length !== 1)
        throw new Error(`${page}: expected SvelteKit's one inline start-up script, found ${inline.length}`);
      const [tag, , code] = inline[0];
      const { appDir, paths } = builder.config.kit;
      const file = `${appDir}/immutable/bootstrap.${createHash('sha256').update(code).digest('base64url').slice(0, 10)}.js`;
      writeFileSync(path.join(path.dirname(page), file), code);
      writeFileSync(page, html.replace(tag, `<script src="${paths.base}/${file}"></script>`));
      builder.log.minor(`Moved the inline start-up script of ${page} to ${file}`);
    },
  };
}
