// Lint, and the layer rules of ../shared/docs/architecture.md enforced as import restrictions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https', 'net', 'crypto', 'url', 'stream', 'util', 'module'];

/** One restriction block: names (exact packages) and regexes (paths) a folder must not import. */
function restrict(files, { names = [], regexes = [], typeOnlyOk = [] }, why) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: names.map((name) => ({ name, message: why })),
        patterns: [
          ...regexes.map((regex) => ({ regex, message: why })),
          ...typeOnlyOk.map((regex) => ({ regex, allowTypeImports: true, message: `${why} (type-only imports are allowed)` })),
        ],
      }],
    },
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Use a seeded generator: the engine and the demo must be deterministic.' }],
    },
  },
  { files: ['renderer/**', 'e2e/**', 'scripts/**', '**/*.test.ts', 'electron/transport/**'], rules: { 'no-restricted-syntax': 'off' } },

  restrict(['shared/**/*.ts'], {
    names: ['electron', 'better-sqlite3', 'react', 'react-dom', 'maplibre-gl', 'highs', ...NODE_BUILTINS],
    regexes: ['^node:', '(^|/)(electron|renderer)/'],
  }, 'shared/ is pure TypeScript for Node, browser and workers: no host, UI or Node imports (highs is a test oracle only)'),
  // Tests of shared code may read fixture files.
  restrict(['shared/**/*.test.ts'], { names: ['electron', 'better-sqlite3', 'react', 'maplibre-gl'], regexes: ['(^|/)(electron|renderer)/'] }, 'shared tests stay host-free'),

  restrict(['electron/store/**/*.ts'], {
    names: ['electron'],
    regexes: ['(^|/)renderer/', '^\\.\\./(backend|transport|main|preload)(/|$)', 'shared/(api|engine|geo|edits|scenarios|optimize)(/|$)', 'shared/io/(?!source$)'],
    typeOnlyOk: ['shared/io/source$'],
  }, 'electron/store may import only shared/{base,model} (and the SourceTable type), better-sqlite3 and node:*'),
  restrict(['electron/backend/**/*.ts'], {
    names: ['electron'],
    regexes: ['(^|/)renderer/', '^\\.\\./(main|preload|transport)(/|$)'],
  }, 'electron/backend never imports electron, the shell, preload or transports'),
  restrict(['electron/transport/**/*.ts'], {
    names: ['electron', 'better-sqlite3'],
    regexes: ['(^|/)renderer/', '^\\.\\./(main|preload|store)(/|$)'],
  }, 'electron/transport reaches the project only through the backend'),
  restrict(['electron/main/**/*.ts'], {
    names: ['better-sqlite3'],
    regexes: ['(^|/)renderer/', '^\\.\\./store(/|$)'],
  }, 'electron/main is a thin shell: no SQL, no renderer'),
  restrict(['electron/preload/**/*.ts'], {
    names: ['better-sqlite3', ...NODE_BUILTINS],
    regexes: ['^node:', '(^|/)renderer/', '^\\.\\./(main|backend|transport|store)(/|$)', 'shared/(?!api)'],
    typeOnlyOk: ['shared/api'],
  }, 'electron/preload exposes call/subscribe only: electron and type-only shared/api'),
  // Dependencies by layer: shared/ (pure, any host) uses turf, flatbush, flatqueue, proj4, gcoord,
  // papaparse, exceljs, fflate, shapefile; electron/store alone uses better-sqlite3; the renderer's
  // UI thread uses react, maplibre-gl, i18next and zustand, and leaves file parsing and the engine
  // to its worker; highs is a test oracle only.
  restrict(['renderer/**/*.ts', 'renderer/**/*.tsx'], {
    names: ['electron', 'better-sqlite3', 'exceljs', 'shapefile', 'fflate', ...NODE_BUILTINS],
    regexes: ['^node:', '(^|/)electron/'],
    typeOnlyOk: ['shared/engine/(?!types$)'],
  }, 'renderer reaches the backend only through the API contract; the engine runs only in the evaluation worker'),
  // The evaluation worker is the one renderer file that runs the engine.
  restrict(['renderer/engine/*.worker.ts'], {
    names: ['electron', 'better-sqlite3', ...NODE_BUILTINS],
    regexes: ['^node:', '(^|/)electron/'],
  }, 'the evaluation worker runs shared/engine and nothing of the host'),
  restrict(['e2e/**/*.ts'], {
    names: ['electron', 'better-sqlite3', 'react', 'maplibre-gl'],
    regexes: ['(^|/)(electron|renderer)/', 'shared/(?!api)'],
    typeOnlyOk: ['shared/api'],
  }, 'e2e drives the UI: playwright-core, type-only shared/api, resources/'),
);
