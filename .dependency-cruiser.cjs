// Import rules, checked by `npm run lint` (depcruise). The layering is data: edit the lists, not the rules.
//
// TypeScript 7 has no JS API, so dependency-cruiser parses with @swc/core (already a devDependency).
// Consequences: every import counts, `import type` included (dependency-cruiser 16 can only tell type-only
// imports apart through TypeScript < 6), and tsconfig `paths`/`baseUrl` are not read (this repo has none;
// an alias would show up as `not-to-unresolvable`).

/** lib/ folders from the ground floor up: a folder may import only folders before it in this list. */
const LIB_LAYERS = ['platform', 'log', 'payload', 'records', 'objects', 'config', 'oss', 'sink', 'compactor'];

/** The lib/ folders that tools/ may import: the rules, the redactor, object naming, the settings (so a check reads them as the function does) and lib/sink's types. */
const TOOLS_MAY_IMPORT = ['platform', 'log', 'objects', 'config', 'sink', 'compactor'];

/** The only tools folders that may use the OSS emulator, and only through its index.ts. test/ may reach in anywhere. */
const EMULATOR_CLIENTS = ['tools/fc-runner', 'tools/trigger-simulator', 'bench'];

const anyOf = (folders) => `(${folders.join('|')})`;

const layerRules = LIB_LAYERS.map((folder, floor) => ({
  name: `lib-layer-${folder}`,
  comment: `lib/${folder} is floor ${floor}: it may import ${floor === 0 ? 'no other lib folder' : `only lib/${anyOf(LIB_LAYERS.slice(0, floor))}`}`,
  severity: 'error',
  from: { path: `^lib/${folder}/` },
  to: { path: '^lib/', pathNot: `^lib/${anyOf(LIB_LAYERS.slice(0, floor + 1))}/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circle anywhere (type-only imports count too).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-to-tools',
      comment: 'lib/ is what ships; tools/ is built on it, never the other way round.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^tools/' },
    },
    {
      name: 'lib-folder-not-in-layers',
      comment: `Every lib/ folder must be one of LIB_LAYERS in .dependency-cruiser.cjs: ${LIB_LAYERS.join(', ')}.`,
      severity: 'error',
      from: { path: '^lib/', pathNot: `^lib/${anyOf(LIB_LAYERS)}/` },
      to: {},
    },
    ...layerRules,
    {
      name: 'functions-only-lib',
      comment: 'A function imports only lib/ (and its own folder, and node built-ins).',
      severity: 'error',
      from: { path: '^functions/([^/]+)/' },
      to: { pathNot: ['^lib/', '^functions/$1/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'tools-lib-access',
      comment: `tools/ may import only lib/${anyOf(TOOLS_MAY_IMPORT)}.`,
      severity: 'error',
      from: { path: '^tools/' },
      to: { path: '^lib/', pathNot: `^lib/${anyOf(TOOLS_MAY_IMPORT)}/` },
    },
    {
      name: 'oss-emulator-clients',
      comment: `Only ${EMULATOR_CLIENTS.join(', ')} (and test/) may import tools/oss-emulator.`,
      severity: 'error',
      from: { pathNot: `^(tools/oss-emulator/|${EMULATOR_CLIENTS.map((c) => `${c}/`).join('|')}|test/)` },
      to: { path: '^tools/oss-emulator/' },
    },
    {
      name: 'oss-emulator-through-index',
      comment: 'Clients of the OSS emulator import tools/oss-emulator/index.ts, nothing behind it.',
      severity: 'error',
      from: { path: `^${anyOf(EMULATOR_CLIENTS)}/` },
      to: { path: '^tools/oss-emulator/', pathNot: '^tools/oss-emulator/index\\.ts$' },
    },
    {
      name: 'not-to-test',
      comment: 'Only tests import test code.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves; also proves the cruiser really reads the .ts imports.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment: 'Every npm package imported is declared in package.json.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|\\.oss-local)/' },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    cache: false,
  },
};
