import type { NextConfig } from 'next'

// The usage bench's app (bench/usage-requests.ts): two POST routes built and served by the same Next, one that only
// answers and one that records a use, so their ratio is what recordUsage adds to a request and nothing else.
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // As in Tollgate's next.config.ts: the native drivers stay plain Node requires.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', 'pg', '@prisma/adapter-pg'],
  // Build output under node_modules/, as bench/next-noop does: ignored by git, ESLint and tsc at the repo root.
  distDir: 'node_modules/.next',
}

export default config
