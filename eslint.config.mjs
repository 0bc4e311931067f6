import coreWebVitals from 'eslint-config-next/core-web-vitals';
import typescript from 'eslint-config-next/typescript';

const noAppImports = {
  group: ['@/app/*', '../app/*', '../../app/*'],
  message: 'lib/ and components/ never import from app/.',
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
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'proxy.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/lib/emulator', '@/lib/emulator/*'],
              message: 'The console never imports the emulator; talk to it over HTTP.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/**/*.{ts,tsx}'],
    ignores: ['lib/emulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noAppImports,
            { group: ['@/components/*'], message: 'lib/ never imports components/.' },
            {
              group: ['@/lib/emulator', '@/lib/emulator/*'],
              message: 'The console never imports the emulator.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noAppImports,
            {
              group: ['@/lib/emulator', '@/lib/emulator/*'],
              message: 'The console never imports the emulator.',
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
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/*', '../*', '!../emulator', '!../emulator/*'],
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
