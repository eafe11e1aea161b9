import type { NextConfig } from 'next'
import { PHASE_PRODUCTION_SERVER } from 'next/constants'
import { env, requireServableEnv } from './lib/env'

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // No `experimental.inlineCss` (decision 0057): Next 16.4 put the 40 kB stylesheet in the HTML three times (a
  // <style> and twice in the inline RSC payload), 167 kB of HTML per page (34 kB gzipped, 2 kB for a bare page). One
  // cached stylesheet of 8 kB gzipped costs less than that on every page view.
  // Native drivers stay plain Node requires rather than being bundled.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', 'pg', '@prisma/adapter-pg'],
}

// Validate every variable when Next loads its config: `next build` and `next start` stop here, with a
// message naming each bad variable, instead of failing later on the first request that needs it. `next start`
// also needs what serving takes (NEXTAUTH_SECRET), even on localhost.
export default function nextConfig(phase: string): NextConfig {
  const { APP_URL } = phase === PHASE_PRODUCTION_SERVER ? requireServableEnv() : env()
  // `next dev` serves its scripts and hot reload only to localhost unless told otherwise
  // (https://nextjs.org/docs/app/api-reference/config/next-config-js/allowedDevOrigins): APP_URL's host is where
  // the app is used, 127.0.0.1 included, and the proxy sends every other loopback name there.
  return { ...config, allowedDevOrigins: [new URL(APP_URL).hostname] }
}
