// Processes the bench starts: each spawned directly as `node …` (so its PID is the server itself), polled until it
// answers HTTP, and stopped by that PID with SIGINT (a graceful exit, so --cpu-prof can write), then SIGKILL.
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrate } from '@/lib/db/migrate'
import { BENCH_WEBHOOK_SECRET } from './payloads'

export const projectRoot = fileURLToPath(new URL('..', import.meta.url))
const NEXT_BIN = 'node_modules/next/dist/bin/next'
/** Where the route is served from: a copy of the repo's .next, with bench/next-app/next.config.ts (the app's config). */
export const SNAPSHOT_DIR = join(projectRoot, 'bench/next-app/node_modules/.next')

export type Running = { name: string; pid: number; url: string; logTail(lines?: number): string; stop(): Promise<string> }

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/** One scratch directory per bench invocation, removed at the end. */
export function scratchDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A new, migrated SQLite file. */
export async function freshDatabase(dir: string, name: string): Promise<{ url: string; file: string }> {
  const file = join(dir, `${name}.db`)
  const url = `file:${file}`
  await migrate(url)
  return { url, file }
}

/** Exactly what every server under test sees: nothing leaks in from the shell running the bench. */
export function serverEnv(options: { port: number; databaseUrl: string; sinkUrl: string }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: process.env.LANG ?? 'C.UTF-8',
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(options.port),
    DATABASE_URL: options.databaseUrl,
    APP_URL: `http://localhost:${options.port}`,
    NEXTAUTH_SECRET: 'bench-only-nextauth-secret-0123456789abcdef',
    STRIPE_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
    INNGEST_DEV: options.sinkUrl,
  }
}

export type Target = 'route' | 'floor' | 'noop'

/** `node` arguments for each server; `nodeFlags` go first (e.g. --cpu-prof). */
export function serverArgs(target: Target | 'sink', port: number, nodeFlags: string[] = []): string[] {
  const listen = ['-p', String(port), '-H', '127.0.0.1']
  if (target === 'route') return [...nodeFlags, NEXT_BIN, 'start', 'bench/next-app', ...listen]
  if (target === 'noop') return [...nodeFlags, NEXT_BIN, 'start', 'bench/next-noop', ...listen]
  if (target === 'floor') return [...nodeFlags, '--import', 'tsx', '--conditions=react-server', 'bench/floor-server.ts']
  return [...nodeFlags, '--import', 'tsx', 'bench/inngest-sink.ts']
}

export const readyPath: Record<Target | 'sink', string> = {
  route: '/api/webhooks/stripe',
  floor: '/api/webhooks/stripe',
  noop: '/api/noop',
  sink: '/stats',
}

export async function startServer(options: { name: string; args: string[]; env: NodeJS.ProcessEnv; port: number; readyPath: string; timeoutMs?: number }): Promise<Running> {
  const child = spawn(process.execPath, options.args, { cwd: projectRoot, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
  const pid = child.pid
  if (pid === undefined) throw new Error(`${options.name} did not spawn`)
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    if (lines.length > 200) lines.splice(0, lines.length - 200)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  let exited: string | null = null
  const exit = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve((exited = String(code ?? signal)))))
  const killOnExit = () => void kill(pid, 'SIGKILL')
  process.once('exit', killOnExit)
  const logTail = (count = 40) => lines.slice(-count).join('\n')
  const stop = async (): Promise<string> => {
    process.off('exit', killOnExit)
    if (exited !== null) return exited
    kill(pid, 'SIGINT')
    const timer = setTimeout(() => kill(pid, 'SIGKILL'), 20_000)
    const how = await exit
    clearTimeout(timer)
    return how
  }

  const url = `http://127.0.0.1:${options.port}`
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  for (;;) {
    if (exited !== null) throw new Error(`${options.name} exited (${exited}) before it answered:\n${logTail()}`)
    const answered = await fetch(url + options.readyPath, { signal: AbortSignal.timeout(5_000) }).then(
      async (response) => (await response.arrayBuffer(), true),
      () => false,
    )
    if (answered) return { name: options.name, pid, url, logTail, stop }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`${options.name} did not answer ${options.readyPath} in time:\n${logTail()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 150))
  }
}

function kill(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(pid, signal)
  } catch {
    // already gone
  }
}

/** `next build [dir]`, waiting (bounded) while another build of the same app holds Next's build lock. */
export async function nextBuild(dir: string | null, env: NodeJS.ProcessEnv, attempts = 12): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await buildOnce(dir, env)
    } catch (error) {
      if (attempt >= attempts || !/Another next build process is already running/.test(String(error))) throw error
      console.error(`[bench] another next build is running; retrying in 10 s (${attempt}/${attempts})`)
      await new Promise((resolve) => setTimeout(resolve, 10_000))
    }
  }
}

/** One `next build [dir]`, bounded; returns the wall time in seconds. */
function buildOnce(dir: string | null, env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<number> {
  const started = Date.now()
  const child = spawn(process.execPath, [NEXT_BIN, 'build', ...(dir ? [dir] : [])], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-8_000))
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const pid = child.pid
  const timer = setTimeout(() => pid !== undefined && kill(pid, 'SIGKILL'), timeoutMs)
  return new Promise((resolve, reject) =>
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve((Date.now() - started) / 1000)
      else reject(new Error(`next build ${dir ?? '.'} failed (${code ?? signal}):\n${output}`))
    }),
  )
}

/** The repo's build on disk: when it changes mid-bench, another `next build` (an e2e run?) competed for the CPU. */
export const buildStamp = () => {
  const file = join(projectRoot, '.next/BUILD_ID')
  return existsSync(file) ? `${readFileSync(file, 'utf8').trim()}@${statSync(file).mtimeMs}` : 'missing'
}

/** Copies .next (without its cache) to SNAPSHOT_DIR; retried while another build rewrites it. Returns the BUILD_ID. */
export async function snapshotBuild(attempts = 12): Promise<string> {
  const source = join(projectRoot, '.next')
  for (let attempt = 1; ; attempt += 1) {
    const before = buildStamp()
    if (before !== 'missing') {
      rmSync(SNAPSHOT_DIR, { recursive: true, force: true })
      cpSync(source, SNAPSHOT_DIR, { recursive: true, filter: (path) => !/^(cache|dev)(\/|$)/.test(relative(source, path)) })
      const copied = readFileSync(join(SNAPSHOT_DIR, 'BUILD_ID'), 'utf8').trim()
      if (buildStamp() === before && before.startsWith(`${copied}@`)) return copied
    }
    if (attempt >= attempts) throw new Error('.next kept changing (or is missing) while the bench tried to copy it')
    console.error(`[bench] .next is being rebuilt by someone else; copying again in 10 s (${attempt}/${attempts})`)
    await new Promise((resolve) => setTimeout(resolve, 10_000))
  }
}
