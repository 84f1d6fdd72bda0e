import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The layers, top to bottom: cli → core → server / agent-page → shared → protocol. A file may import from
 * its own layer and the ones below, never from one above (or, for server and agent-page, from each other).
 * Static imports, `export … from` and dynamic `import()` with a literal path are all checked.
 */
const LAYERS = [
  { files: ['src/core/**'], above: ['cli'] },
  { files: ['src/server/**'], above: ['cli', 'core', 'agent-page'] },
  { files: ['src/agent-page/**'], above: ['cli', 'core', 'server'] },
  { files: ['src/shared/**'], above: ['cli', 'core', 'server', 'agent-page'] },
  { files: ['src/protocol.ts'], above: ['cli', 'core', 'server', 'agent-page', 'shared'] },
];

function layerRules({ files, above }) {
  // A path segment named like a higher layer: '../cli/errors.js', '../../core/x.js', './shared/y.js'.
  const regex = `(^|/)(${above.join('|')})(/|\\.js$|$)`;
  const message = `layering: ${files[0]} may not import from ${above.map((l) => `src/${l}`).join(', ')} (arrows point down: cli → core → server / agent-page → shared → protocol)`;
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
      'no-restricted-syntax': ['error', { selector: `ImportExpression > Literal[value=/${regex.replaceAll('/', '\\/')}/]`, message }],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'tmp/', 'bench/.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Code that runs in the browser: the agent page, the demo pages, bench pages.
    files: ['src/agent-page/**', 'src/server/pages/**', 'bench/pages/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...LAYERS.map(layerRules),
  {
    files: ['**/*.js', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
