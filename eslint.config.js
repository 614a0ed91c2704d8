// Lint config: typescript-eslint's recommended rules, no import cycles, the layering of
// docs/architecture.md (MAY_IMPORT below, shown there verbatim) and functions under 80 lines.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

// Which src/ folders each src/ folder may import (besides itself). Keep docs/architecture.md in step.
export const MAY_IMPORT = {
  time: [],
  model: [],
  parsers: ['model', 'time'],
  rules: ['model', 'time'],
  identity: ['model', 'parsers', 'time'],
  sources: ['model', 'parsers', 'identity', 'time'],
  catalog: ['model', 'time'],
  store: ['model', 'time', 'catalog'],
  ingest: ['model', 'time', 'parsers', 'rules', 'identity', 'sources', 'catalog', 'store'],
  derive: ['model', 'time', 'store'],
  query: ['model', 'time', 'store'],
  check: ['model', 'time', 'rules', 'store', 'derive', 'query'],
  api: ['model', 'time', 'rules', 'store', 'ingest', 'derive', 'query'],
  worker: ['model', 'time', 'identity', 'sources', 'ingest', 'store'],
  simulate: ['model', 'time', 'derive'],
  cli: ['model', 'time', 'rules', 'catalog', 'store', 'ingest', 'derive', 'query', 'check', 'api', 'worker', 'simulate'],
};

// Single files a folder may import against the table, each a known debt with its reason in docs/architecture.md.
const EXCEPTIONS = {
  sources: { ingest: ['skip-reasons.ts'] },
};

const FOLDERS = Object.keys(MAY_IMPORT);

// no-cycle skips type-only imports; an acyclic table keeps even those from looping between folders.
function assertAcyclic(table) {
  const state = {};
  const visit = (folder, path) => {
    if (state[folder] === 'done') return;
    if (state[folder] === 'open') throw new Error(`MAY_IMPORT has a cycle: ${[...path, folder].join(' -> ')}`);
    state[folder] = 'open';
    for (const next of table[folder]) visit(next, [...path, folder]);
    state[folder] = 'done';
  };
  for (const folder of Object.keys(table)) visit(folder, []);
}
assertAcyclic(MAY_IMPORT);

function layeringZones() {
  const zones = [];
  for (const folder of FOLDERS) {
    for (const other of FOLDERS) {
      if (other === folder || MAY_IMPORT[folder].includes(other)) continue;
      const except = (EXCEPTIONS[folder]?.[other] ?? []).map((file) => `./${file}`);
      zones.push({ target: `./src/${folder}`, from: `./src/${other}`, except, message: `see MAY_IMPORT in docs/architecture.md` });
    }
  }
  return zones;
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench-data/**', 'src/generated/**', 'src/catalog/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The /timeline page's script runs in a browser, beside the ECharts global.
    files: ['src/**/assets/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'location',
          'history',
          'fetch',
          'URLSearchParams',
          'URL',
          'setTimeout',
          'clearTimeout',
          'console',
          'echarts',
        ].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Sources import './x.js' for './x.ts' (NodeNext); resolve it the way tsc does.
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.js', '.json', '.node'], extensionAlias: { '.js': ['.ts', '.js'] } }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // A unit test is imported by nothing, so it may reach across folders (e.g. the simulator's PRNG).
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: layeringZones() }] },
  },
);
