import { fileURLToPath } from 'node:url';
import { compileModule } from 'svelte/compiler';
import ts from 'typescript';
import swc from 'unplugin-swc';
import { defineConfig, type Plugin } from 'vitest/config';

/**
 * The portal's rune modules (`*.svelte.ts`) as the browser runs them, so unit tests can drive
 * `$state` and `$effect`: TypeScript stripped, then Svelte's client compiler.
 */
function svelteRuneModules(): Plugin {
  return {
    name: 'svelte-rune-modules',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.svelte.ts')) return null;
      const javascript = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.ESNext,
          verbatimModuleSyntax: false,
          useDefineForClassFields: true,
        },
      }).outputText;
      return compileModule(javascript, { filename: id, generate: 'client', dev: false }).js;
    },
  };
}

export default defineConfig({
  // SWC, not esbuild: Nest's dependency injection needs emitDecoratorMetadata.
  plugins: [svelteRuneModules(), swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: [
      { find: /^\$lib\//, replacement: fileURLToPath(new URL('ui/src/lib/', import.meta.url)) },
      // Node would pick Svelte's server runtime, where effects never run; those modules are compiled for the client.
      {
        find: /^svelte$/,
        replacement: fileURLToPath(new URL('node_modules/svelte/src/index-client.js', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.spec.ts'],
    // The EventStoreDB contract run needs a live server; global-setup prints the one-line notice.
    exclude: process.env.EVENTSTORE_URL ? [] : ['test/integration/eventstoredb-event-store.int.spec.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Two cores: more workers only fight over the CPU with PostgreSQL.
    maxWorkers: 2,
    // Generous limits: a loaded 2-core machine must make tests slow, not failed.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: process.env.CI ? ['verbose'] : ['default'],
  },
});
