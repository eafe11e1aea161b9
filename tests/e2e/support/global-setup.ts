// Vitest globalSetup for the e2e files: one production build (`next build`) that every e2e file's `next start`
// serves. E2E_SKIP_BUILD=1 reuses .next when its BUILD_ID is newer than every source file; otherwise it builds.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot } from './paths'

// What a build is made from; a newer file here means .next is stale.
const SOURCES = ['app', 'components', 'lib', 'inngest', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'postcss.config.mjs', 'package-lock.json']
const SKIP_DIRS = new Set(['node_modules', 'generated'])

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) {
    if (!SKIP_DIRS.has(entry)) newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

function buildIsFresh(): boolean {
  const buildId = join(projectRoot, '.next', 'BUILD_ID')
  if (!existsSync(buildId)) return false
  const builtAt = statSync(buildId).mtimeMs
  return SOURCES.every((source) => newestMtime(join(projectRoot, source)) < builtAt)
}

// Failures caused by other tools working in this checkout at the same time, not by the sources: another build
// holding .next, or a scratch file (the benchmark writes some) deleted while the build type-checked the project.
const BUILD_LOCKED = 'Another next build process is already running'
const FILE_VANISHED = /error TS6053: File '[^']+' not found/

function nextBuild(): Promise<{ ok: true } | { ok: false; output: string }> {
  return new Promise((resolve, reject) => {
    // A clean environment: the build must not depend on whatever the shell running the tests has exported.
    const child = spawn(join(projectRoot, 'node_modules/.bin/next'), ['build'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? projectRoot, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => resolve(code === 0 ? { ok: true } : { ok: false, output: `next build exited with ${code}:\n${output.slice(-4000)}` }))
  })
}

export default async function setup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD === '1' && buildIsFresh()) {
    console.log('e2e: reusing the production build in .next (E2E_SKIP_BUILD=1, BUILD_ID is newer than the sources)')
    return
  }
  if (process.env.E2E_SKIP_BUILD === '1') console.log('e2e: E2E_SKIP_BUILD=1 but .next is missing or older than the sources; building')
  const started = Date.now()
  for (let attempt = 1; ; attempt++) {
    const result = await nextBuild()
    if (result.ok) break
    const locked = result.output.includes(BUILD_LOCKED)
    const vanished = FILE_VANISHED.test(result.output)
    if (!(locked && attempt < 36) && !(vanished && attempt < 3)) throw new Error(result.output)
    console.log(locked ? 'e2e: another `next build` is running in this checkout; waiting for it' : `e2e: a file vanished during the build (${FILE_VANISHED.exec(result.output)?.[0]}); building again`)
    await new Promise((resolve) => setTimeout(resolve, locked ? 5_000 : 500))
  }
  console.log(`e2e: next build took ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
