// @ts-check
/**
 * npm run lint: typescript-eslint's recommended rules over src/ and test/ (the Office add-in
 * template's linter, without its formatting rules), plus the build scripts listed in package.json.
 * Deliberately modest: several people edit src/ at once and ordinary TypeScript must pass.
 * Formatting is not a lint error on existing files; `prettier --check` (package.json "lint") covers
 * only the files listed there, which follow .prettierrc.json. Every rule changed here says why.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The Node globals the plain-JS scripts use (listed rather than pulling in a globals package). */
const nodeGlobals = Object.fromEntries(
  ['require', 'module', 'exports', '__dirname', '__filename', 'process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout'].map(
    (g) => [g, 'readonly'],
  ),
);

export default tseslint.config(
  { ignores: ['dist/**', 'dist-node/**', 'node_modules/**', 'out/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Existing files carry disable comments for rules of an earlier setup (no-console,
    // no-var-requires); reporting them as unused would only be noise.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      // Escapes such as \[ or \/ inside a character class are harmless and often kept for legibility.
      'no-useless-escape': 'off',
      // Texts are kept as typed: full-width spaces (U+3000) in strings, templates and regexes are
      // deliberate (header matching, county spellings). Stray ones in code are still errors.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipRegExps: true, skipComments: true }],
      // Tests write literals beyond double precision on purpose, to show decimal.js keeps them exact.
      'no-loss-of-precision': 'off',
      // Tests load plain-JS helpers of scripts/ (serve.js, manifest.js) with require().
      '@typescript-eslint/no-require-imports': 'off',
      // The Office.js fake mirrors Office's proxy objects, where `const self = this` reads best.
      '@typescript-eslint/no-this-alias': 'off',
      // `_name` marks a parameter kept for an interface's shape. Other unused names warn rather than
      // fail, so that work in progress by others does not break the lint step.
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Deliberate `any`s carry a disable comment; a new one warns rather than fails, for the same reason.
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // Plain CommonJS/ESM scripts run by Node (fixture generators, build helpers).
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
