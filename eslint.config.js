import { builtinModules } from 'node:module';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

/** A module name and anything under it, e.g. `firebase` and `firebase/firestore`, not `./firebase/x.ts`. */
const packages = (...names) =>
  `^(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(/.*)?$`;

/**
 * Packages that talk to a platform: the Firebase SDKs, Google Cloud and
 * Vertex clients, AWS (R2), gRPC, image processing. Core stays pure, so none
 * of these may appear there.
 */
const sdks = packages(
  'firebase',
  'firebase-admin',
  'firebase-functions',
  '@firebase',
  '@google-cloud',
  '@google',
  'google-auth-library',
  'google-gax',
  '@grpc',
  '@aws-sdk',
  '@smithy',
  'sharp',
  's3rver',
);

const devStack = {
  regex: '(^|/)dev/src/',
  message: 'dev/ is the local stand-in for the cloud and never ships: production code does not import it.',
};

export default ts.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      'functions/lib/',
      '**/.tsbuild/',
      'web/.svelte-kit/',
      'web/build/',
      '.phoenix/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['core/**', 'functions/**', 'runner/**', 'server/**', 'web/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [devStack] }] },
  },
  {
    // Core is imported by the browser bundle and every service: domain rules
    // only, so no SDK and no Node built-in.
    files: ['core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: sdks, message: 'core is pure: SDK calls belong in the package that uses them.' },
            {
              regex: `^node:|${packages(...builtinModules)}`,
              message: 'core also runs in the browser: no Node built-ins.',
            },
            { regex: '^@phoenix/', message: 'core imports no other workspace.' },
            devStack,
          ],
        },
      ],
    },
  },
  {
    // All Firebase web SDK code lives in one folder; pages and components use its stores and wrappers.
    files: ['web/**'],
    ignores: ['web/src/lib/firebase/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: packages('firebase', '@firebase'),
              message: 'Firebase SDK code belongs in web/src/lib/firebase/.',
            },
            devStack,
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
);
