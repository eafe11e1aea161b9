import type { NextConfig } from 'next'

// The ceiling app: the same framework switches as Tollgate's next.config.ts, without its env check or externals.
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Build output under node_modules/: ignored by git, ESLint and tsc everywhere, so `eslint .` and `tsc` at the
  // repo root never read this app's compiled chunks (a nested .next/ would need extra ignore entries).
  distDir: 'node_modules/.next',
}

export default config
