import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', 'node_modules/**', '.recall/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      // The house is kept walkable: no import cycles anywhere.
      'import/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Pages, components and route handlers never hold a raw database handle: they go
    // through the domain layer, which runs every user query under RLS (lib/db/rls.ts).
    files: ['app/**', 'components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/lib/db/client', '@/lib/db/service'], message: 'Use the domain layer; user queries run under RLS via withRls().' },
            { group: ['postgres'], message: 'Use the domain layer; user queries run under RLS via withRls().' },
          ],
        },
      ],
    },
  },
];

export default config;
