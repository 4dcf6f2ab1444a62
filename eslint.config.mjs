// ESLint for the API (src, projections, migrations), its tests, benchmarks and scripts, and the
// portal (ui/, TypeScript and Svelte). typescript-eslint's strict type-checked rules everywhere
// TypeScript is; the .mjs/.js scripts, which no tsconfig covers, get the rules that need no types.
// The portal's .svelte files also go through eslint-plugin-svelte's recommended rules and its
// `svelte/valid-compile`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './ui/svelte.config.js';

export default tseslint.config(
  {
    // ui/src/lib/api/generated/ is openapi-typescript's output: build:ui type-checks it, nobody edits it.
    ignores: [
      'node_modules/',
      'dist/',
      'ui/build/',
      'ui/.svelte-kit/',
      'bench/out/',
      '.data/',
      'tmp/',
      'ui/src/lib/api/generated/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  svelte.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Counts, revisions and bigint amounts go into messages as they are; objects, nullish and
      // `any` values still may not (they print "[object Object]", "undefined").
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // House style writes callbacks as arrow shorthands (`(resolve) => child.once('exit', resolve)`,
      // `onclick={() => open(id)}`) and Express middleware as `if (safe) return next();`: a void
      // value returned where void is expected is never read. The rule still catches void values
      // used inside other expressions and returned from functions that return something.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      // Nest modules are empty classes that only carry their @Module() decorator.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      // `this: void` is how a method signature says it may be passed around unbound (unbound-method).
      '@typescript-eslint/no-invalid-void-type': ['error', { allowAsThisParameter: true }],
      // The `_name` convention marks a deliberately unused binding, as tsc's noUnused* accept.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: [
      'src/**',
      'projections/**',
      'migrations/**',
      'bench/**',
      'test/**',
      'scripts/**',
      '*.mjs',
      '*.mts',
      '*.cjs',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    // The portal's unit tests run its primitives with the DOM's types (test/unit/ui/tsconfig.json).
    files: ['ui/**', 'test/unit/ui/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['ui/**/*.svelte', 'ui/**/*.svelte.ts', 'test/unit/ui/**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, svelteConfig } },
  },
  {
    files: ['ui/**/*.svelte'],
    // The Svelte compiler's errors and warnings, its accessibility checks (a11y_*) among them,
    // as lint errors: svelte-check --fail-on-warnings reports the same in `npm run check:ui`.
    rules: { 'svelte/valid-compile': 'error' },
  },
  {
    files: ['ui/**'],
    rules: {
      // The rule wants every link and goto() wrapped in resolve() so that the app survives a
      // `paths.base`; the portal has none (the API serves it at the origin's root, see
      // ui/svelte.config.js), so resolve() would be an identity call on each of ~60 links.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    files: ['ui/**/*.svelte'],
    rules: {
      // typescript-eslint cannot type what a .svelte file imports from another .svelte file (a
      // component, or a function from its <script module>): it reads it as `any`. svelte-check,
      // which can, type-checks these files in `npm run check:ui`.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  // Last: layout is Prettier's alone, so no rule above may disagree with what it writes.
  prettier,
);
