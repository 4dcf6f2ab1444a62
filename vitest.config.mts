import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // SWC, not esbuild: Nest's dependency injection needs emitDecoratorMetadata.
  plugins: [swc.vite({ module: { type: 'es6' } })],
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
