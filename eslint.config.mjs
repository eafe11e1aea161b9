import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // process.env is read in lib/env only (see lib/env/index.ts); everything else calls env().
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through env() from @/lib/env.' }],
    },
  },
  {
    files: ['lib/env/**', 'scripts/prisma-generate.mjs', 'tests/**', 'bench/**', '.ci/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  { ignores: ['.next/**', 'node_modules/**', 'lib/db/generated/**', 'prisma/generated/**', 'next-env.d.ts', 'bench/results/**'] },
]

export default config
