/**
 * Module boundaries of Spec Bridge, checked by `npm run lint` (depcruise src local test).
 * The layering (README "Architecture", docs/decisions.md):
 *
 *   handlers ──▶ pipeline ──▶ domain ──▶ shared
 *       └──────▶ adapters ────┘            ▲
 *                (engineering, confluence,  frontend (browser bundle: shared only)
 *                 kvs, queue, realtime)
 *
 * shared/ is the leaf both bundles speak: the resolver contract, the spec record's shape, labels and
 * formatting. domain/ holds the rules over it and imports no platform code. local/ and test/ may import
 * src/, never the reverse. Every rule is an error; type-only imports count (tsPreCompilationDeps).
 * test/forge/house-rules.test.ts checks that these rules still bite.
 */

/** Unit tests sit next to the code in src/ but never deploy. */
const TEST_FILE = '\\.test\\.tsx?$';
const ADAPTERS = '^src/(engineering|confluence|kvs|queue|realtime)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'src-not-to-local-or-test',
      comment: 'src/ deploys to Forge; local/ and test/ never do. (Unit tests in src/ may use test/support/.)',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_FILE },
      to: { path: '^(local|test)/' },
    },
    {
      name: 'src-not-to-dev-dependencies',
      comment:
        'Deployed code uses `dependencies` only: a devDependency (vitest, msw, esbuild, ...) has no place in the ' +
        'Forge bundle. Type-only imports are erased by the build, so they are left to the next rule.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_FILE },
      to: {
        dependencyTypesNot: ['type-only'],
        dependencyTypes: ['npm-dev'],
      },
    },
    {
      name: 'src-not-to-vitest-or-msw',
      comment: 'Deployed code must not import vitest or msw, even for types or when unresolvable.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_FILE },
      to: { path: '(^|node_modules/)(vitest|msw)(/|$)' },
    },
    {
      name: 'domain-not-to-forge',
      comment: 'src/domain/ holds pure rules: no @forge/* package. (Its tests may check a rule against a Forge library.)',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: TEST_FILE },
      to: { path: '(^|node_modules/)@forge/' },
    },
    {
      name: 'domain-not-to-outer-layers',
      comment: 'src/domain/ (and its tests) use ports and in-memory fakes, never an adapter, the pipeline or a handler.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: [ADAPTERS, '^src/(handlers|pipeline|frontend|admin)/', '^src/(deps|config|log|index)\\.ts$'] },
    },
    {
      name: 'adapters-not-to-handlers-or-pipeline',
      comment: 'Adapters implement domain ports; handlers, the pipeline and the admin page call them, never the reverse.',
      severity: 'error',
      from: { path: ADAPTERS },
      to: { path: '^src/(handlers|pipeline|admin)/' },
    },
    {
      name: 'shared-is-a-leaf',
      comment:
        'src/shared/ is what the browser bundle and the backend both use; it imports nothing else from src/ ' +
        '(domain/ builds on shared/, not the other way round).',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'frontend-only-to-shared',
      comment: 'The UI Kit bundle runs in the browser: it may use src/shared/, never backend code.',
      severity: 'error',
      from: { path: '^src/frontend/' },
      to: { path: '^src/', pathNot: '^src/(frontend|shared)/' },
    },
    {
      name: 'log-not-to-pipeline',
      comment: 'The logger is a leaf every layer may use; it depends on the Logger port, not on the pipeline.',
      severity: 'error',
      from: { path: '^src/log\\.ts$' },
      to: { path: '^src/(pipeline|handlers)/' },
    },
    {
      name: 'no-circular',
      comment: 'Circular imports make load order matter and hide layering mistakes.',
      severity: 'error',
      from: { path: '^(src|local|test)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.local|\\.forge-build|test-results|static|docs)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.dev.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
