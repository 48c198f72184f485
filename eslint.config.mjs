// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import globals from 'globals';

// Workflow code is replayed deterministically inside Temporal's sandbox: anything that does I/O,
// reads the clock or depends on the host must stay out of it (activities do that work).
const nonDeterministicModules = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  'pg',
  'kysely',
  'pino',
  'undici',
  'fastify',
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/testing',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tools/', 'coverage/', 'bench/results/', 'chaos/results/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nonDeterministicModules.map((name) => ({
            name,
            message: 'Workflow code must be deterministic: do I/O in an activity.',
          })),
          patterns: [
            {
              group: ['**/activities/*', '!**/activities/index'],
              message: 'Import activity types from activities/index with `import type`.',
            },
            {
              group: ['**/db/*', '**/sandbox/*', '**/devstack/*', '**/config/*'],
              message: 'Workflow code must not import I/O modules.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Workflows are deterministic: no Math.random.' },
      ],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      'no-console': 'off',
      // Plain JS (scripts that run before the build) is checked by tsc via JSDoc; JSON.parse and
      // require() are `any` there by nature.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'chaos/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      // jest's asymmetric matchers (expect.objectContaining, …) are typed `any`.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
