// The app under test: `next start` of the production build on 127.0.0.1, with an explicit environment (nothing
// leaks in from the shell running the tests), its output in a log file, stopped by its process id.
import { spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { accepts } from './http-client'
import { fileSafe, projectRoot, resultsDir } from './paths'

export type AppServer = {
  /** http://localhost:PORT: the origin the browser must use, since session cookies are set for it. */
  url: string
  logFile: string
  logTail(lines?: number): string
  /** Why the build this server started with is no longer in .next, or null while it still is. */
  buildReplaced(): string | null
  stop(): Promise<void>
}

/** A port nobody listens on right now (the OS picks it; the tiny window before `next start` binds it is fine here). */
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

type ServerOptions = {
  name: string
  port: number
  /** The server's whole environment: nothing of the test process's leaks in. */
  env: NodeJS.ProcessEnv
  /** What `next start` is told to listen on (`-H`); 127.0.0.1 unless a test needs the network interface too. */
  hostname?: string
  /** Another command than `next start -p <port> -H <hostname>` (`npm start`, `npm run dev`), with its arguments. */
  command?: [string, ...string[]]
  /** When the server counts as up: it serves `/` (a production build), or it accepts connections (`next dev`, which
   * compiles a page on its first request). */
  readyWhen?: 'serves-a-page' | 'accepts-connections'
}

export async function startAppServer(options: ServerOptions): Promise<AppServer> {
  if (!existsSync(join(projectRoot, '.next', 'BUILD_ID'))) {
    // globalSetup made one; it is gone when another `next build` in this checkout (the benchmark, `npm run
    // build`) has started rewriting .next since.
    throw new Error('No production build in .next (BUILD_ID missing): is another `next build` running in this checkout?')
  }
  const buildIdFile = join(projectRoot, '.next', 'BUILD_ID')
  const buildId = readFileSync(buildIdFile, 'utf8')
  // The server keeps its build's manifests in memory; if another `next build` rewrites .next meanwhile, its pages
  // point at scripts and styles that are gone, and they never hydrate. Failure reports say so.
  const buildReplaced = () => {
    const now = existsSync(buildIdFile) ? readFileSync(buildIdFile, 'utf8') : null
    if (now === buildId) return null
    return `.next was rebuilt by another process while this server ran (BUILD_ID ${buildId} → ${now ?? 'missing'}): its scripts and styles 404`
  }
  const logFile = join(resultsDir(), `e2e-${fileSafe(options.name)}-server.log`)
  const log = openSync(logFile, 'w')
  const [command, ...args] = options.command ?? [join(projectRoot, 'node_modules/.bin/next'), 'start', '-p', String(options.port), '-H', options.hostname ?? '127.0.0.1']
  const child = spawn(command, args, {
    cwd: projectRoot,
    env: options.env,
    stdio: ['ignore', log, log],
    // Its own process group, so stop() reaches any worker process next starts, and only those.
    detached: true,
  })
  closeSync(log)
  const pid = child.pid
  if (pid === undefined) throw new Error('next start did not spawn')
  let exited: number | string | null = null
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? signal ?? 'unknown'
      resolve()
    }),
  )
  // If the test process dies without reaching afterAll, the server must not outlive it.
  const killOnExit = () => signalGroup(pid, 'SIGKILL')
  process.once('exit', killOnExit)

  const logTail = (lines = 60) => readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n')
  const stop = async () => {
    process.off('exit', killOnExit)
    if (exited !== null) return
    signalGroup(pid, 'SIGTERM')
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 5_000)
    await exit
    clearTimeout(timer)
  }

  const url = `http://localhost:${options.port}`
  const deadline = Date.now() + 60_000
  while (true) {
    if (exited !== null) throw new Error(`next start exited (${exited}) before it served a page:\n${logTail()}`)
    // Polled on 127.0.0.1, where it listens; the browser uses localhost, which resolves to the same socket.
    const ok =
      options.readyWhen === 'accepts-connections'
        ? await accepts('127.0.0.1', options.port)
        : await fetch(`http://127.0.0.1:${options.port}/`, { redirect: 'manual' }).then((r) => r.status < 500, () => false)
    if (ok) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`next start did not serve / within 60 s:\n${logTail()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return { url, logFile, logTail, buildReplaced, stop }
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal)
  } catch {
    // Already gone.
  }
}
