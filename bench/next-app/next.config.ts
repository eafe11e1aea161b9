import { createRequire } from 'node:module'
import type { NextConfig } from 'next'

// Serves a snapshot of Tollgate's production build: right after `next build`, the bench copies the repo's .next to
// ./node_modules/.next (ignored by git, ESLint and tsc), so another `next build` of the repo (an e2e run, a teammate)
// cannot swap or delete the build under a measurement. The config is the app's own, only the output dir differs.
// Next compiles this file to CommonJS and runs it without a module filename, so a plain relative import would
// resolve from the working directory; createRequire(__filename) resolves from this folder instead.
const load = createRequire(__filename)
type ConfigExport = NextConfig | ((phase: string) => NextConfig)
const app = load('../../next.config.ts') as { default?: ConfigExport }
const appConfig = app.default ?? (app as ConfigExport)

export default function snapshot(phase: string): NextConfig {
  return { ...(typeof appConfig === 'function' ? appConfig(phase) : appConfig), distDir: 'node_modules/.next' }
}
