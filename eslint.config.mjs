import coreWebVitals from 'eslint-config-next/core-web-vitals';
import typescript from 'eslint-config-next/typescript';

/** Links go through components/ui/link.tsx, which decides prefetching once. */
const nextLinkBan = {
  name: 'next/link',
  message: "Use { Link } from '@/components/ui/link': it decides prefetching once.",
};

const config = [
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      '.data/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      'dist/**',
    ],
  },
  ...coreWebVitals,
  ...typescript,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    // Playwright fixtures take a `use` callback that is not React's hook.
    files: ['e2e/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Import zones, resolved to files (so `../emulator/x` counts as much as `@/lib/emulator/x`).
    // Floors and the cycle check: docs/architecture.md, scripts/lint-cycles.ts.
    files: ['**/*.{ts,tsx,mts,mjs}'],
    ignores: ['**/*.test.ts', 'e2e/**', 'scripts/**', 'lib/testing/**', 'lib/emulator/**'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: ['./lib', './components'],
              from: './app',
              message: 'lib/ and components/ never import from app/.',
            },
            {
              target: './lib',
              from: './components',
              message: 'lib/ never imports components/.',
            },
            {
              target: '.',
              from: './lib/emulator',
              message:
                'The console never imports the emulator; it talks to it over HTTP (tests, scripts and e2e may).',
            },
          ],
        },
      ],
    },
  },
  {
    // Habits made rules (CONTRIBUTING.md, "Traps"): links go through the one wrapper that decides
    // prefetching; components never open the database.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    ignores: ['components/ui/link.tsx', 'components/ui/warm-link.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [nextLinkBan],
        },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    ignores: ['components/ui/link.tsx', 'components/ui/warm-link.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [nextLinkBan],
          patterns: [
            {
              group: ['@/lib/db/*', '**/lib/db/*'],
              message:
                'Components never open the database: ask a view function in lib/ from the page, or an action.',
            },
          ],
        },
      ],
    },
  },
  {
    // The emulator is a package of its own: it imports only itself (and npm packages).
    files: ['lib/emulator/**/*.{ts,tsx}'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './lib/emulator',
              from: '.',
              except: ['./lib/emulator', './node_modules'],
              message:
                'lib/emulator imports nothing from outside itself (see lib/emulator/README.md).',
            },
          ],
        },
      ],
    },
  },
];

export default config;
