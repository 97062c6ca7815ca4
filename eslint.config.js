// Type-aware lint (typescript-eslint): the rules that catch real bugs in this codebase — floating
// promises, misused promises, unsafe any flows — not style (Prettier owns formatting).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'output/', 'node_modules/', 'coverage/', 'tests/fixtures/', 'content/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    // Rule ids live in one place, src/rules.ts: a message names its rule through RULES, never a literal.
    files: ['src/**/*.ts'],
    ignores: ['src/rules.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Property[key.name=/^(rule|ruleId)$/] > :matches(Literal[value=/^[a-z]+:/], TemplateLiteral)',
          message: 'declare the rule in src/rules.ts and refer to it as RULES.<name>',
        },
      ],
    },
  },
  {
    // Code that runs in a browser (the reader's: src/dev/viewer-bundle.ts; the print page's:
    // src/print/page-script.ts), bundled by esbuild: tsconfig gives every
    // file Node's types too, so Node's modules and globals are refused here.
    files: ['src/dev/browser/**/*.ts', 'src/print/page-side/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'browser code: no Node modules' }] },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    // CommonJS config files (puppeteer reads .puppeteerrc.cjs with require semantics).
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Functions that puppeteer serialises and runs in the page.
    files: ['scripts/bench/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed `any` by design.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
);
