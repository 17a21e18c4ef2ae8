import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const nodeOnly = ['electron', 'node:*', 'fs', 'path', 'worker_threads', 'better-sqlite3', 'onnxruntime-node'];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'resources/**',
      'tests/fixtures/**',
      '.ci/**',
      'src-main/core/kernels/assembly/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts', 'src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: tseslint.parser,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // the renderer runs in a sandboxed page: no Electron, no Node, no main-process code
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [...nodeOnly, '**/src-main/**'].map((group) => ({
            group: [group],
            message: 'the renderer may not import this',
          })),
        },
      ],
    },
  },
  {
    // core is plain Node: no Electron, no host code
    files: ['src-main/core/**/*.ts', 'src-main/service/**/*.ts', 'src-main/serve/**/*.ts', 'src-main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['electron', '**/electron/**'], message: 'only src-main/electron may import Electron' }],
        },
      ],
    },
  },
  {
    // the contract is shared with the renderer: no Node
    files: ['src-preload/contract.ts', 'src-preload/wire.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: nodeOnly.map((group) => ({ group: [group] })) }],
    },
  },
);
