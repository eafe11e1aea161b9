// npm run bench [-- --runs N --skip-build --profile --duration S --warmup S --connections N --usage-events N]
// Builds the app (and serves a copy of that build) and the no-op Next app; then each run measures the three servers
// (a fresh server and database each time, in a rotating order) and the duplicate storm; then times
// syncStripeCustomer, runs issue 24's usage scenario (bench/usage-scenario.ts; alone: npm run bench:usage), optionally profiles, and writes bench/results/<date>.json and docs/benchmarks.md.
// Exits 1 if a correctness check fails.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { sinkStats } from './inngest-sink'
import { runLoad } from './load'
import { PayloadPool } from './payloads'
import { startBenchPostgres, type BenchPostgres } from './postgres'
import { runProfiles } from './profile'
import { describeMachine, machine, summarize, table, writeDocs, writeResults, type ReconcileResult, type Runs, type StripeCalls, type TargetRun } from './report'
import * as servers from './servers'
import { runStorm, sqliteLedger, type Ledger, type StormResult } from './storm'
import { prepareSync } from './sync'
import { buildUsageApp, runUsageScenario } from './usage-scenario'

const { projectRoot, SNAPSHOT_DIR } = servers
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    'skip-build': { type: 'boolean', default: false },
    customers: { type: 'string', default: '100000' },
    'pg-port': { type: 'string', default: '54334' },
    profile: { type: 'boolean', default: false },
    'usage-events': { type: 'string', default: '100000' },
  },
})
const bounded = (value: string, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number(value) || min)))
const options = {
  runs: bounded(values.runs, 1, 20),
  durationS: bounded(values.duration, 1, 120),
  warmupS: bounded(values.warmup, 1, 30),
  connections: bounded(values.connections, 1, 256),
  skipBuild: values['skip-build'],
  customers: bounded(values.customers, 100, 1_000_000),
  pgPort: bounded(values['pg-port'], 1024, 65535),
  profile: values.profile,
  usageEvents: bounded(values['usage-events'], 100, 1_000_000),
}

const startedAt = Date.now()
const log = (line: string) => console.error(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${line}`)
// Hard stop: a bench that hangs must not outlive its budget; 'exit' handlers then kill every server by PID.
setTimeout(() => (console.error('bench: over the 40 min limit, giving up'), process.exit(2)), 40 * 60_000).unref()
process.once('SIGINT', () => process.exit(130))
process.once('SIGTERM', () => process.exit(143))

const date = new Date().toISOString()
const scratch = servers.scratchDir()
const paths: Record<servers.Target, string> = { route: '/api/webhooks/stripe', floor: '/api/webhooks/stripe', noop: '/api/noop' }
let sink = null as servers.Running | null
let postgres = null as BenchPostgres | null
type Database = 'sqlite' | 'postgresql'

async function maybeBuild(dir: string | null): Promise<number | null> {
  const buildId = join(projectRoot, dir ? `${dir}/node_modules/.next` : '.next', 'BUILD_ID') // the no-op app's distDir
  const copied = !dir && existsSync(join(SNAPSHOT_DIR, 'BUILD_ID'))
  if (options.skipBuild && (existsSync(buildId) || copied)) return null
  log(`next build ${dir ?? '(the app)'}…`)
  const env = servers.serverEnv({ port: 3000, databaseUrl: `file:${join(scratch.dir, 'build.db')}`, sinkUrl: 'http://127.0.0.1:9' })
  const seconds = await servers.nextBuild(dir, env)
  log(`built ${dir ?? 'the app'} in ${seconds.toFixed(1)} s`)
  return seconds
}

// Another `next build` of the repo during a run no longer touches the served copy, but it competes for the CPU.
let stamp = ''
const contention: string[] = []
function noteContention(what: string) {
  if (servers.buildStamp() === stamp) return
  contention.push(what)
  stamp = servers.buildStamp()
  log(`WARNING: .next was rebuilt during ${what}: another next build competed for the CPU`)
}

/** A fresh, migrated database and a reader of its ledger. */
async function freshDatabase(database: Database, name: string): Promise<{ url: string; ledger: Ledger }> {
  if (database === 'sqlite') {
    const db = await servers.freshDatabase(scratch.dir, name)
    return { url: db.url, ledger: sqliteLedger(db.file) }
  }
  if (!postgres) throw new Error('PostgreSQL is not running')
  const pg = postgres
  const { url } = await pg.freshDatabase(name)
  return { url, ledger: () => pg.ledger(url) }
}

/** A fresh server of `target` on a fresh database for `work`; stopped by PID afterwards, whatever happens. */
async function withServer<T>(target: servers.Target, run: string, nodeFlags: string[], work: (server: servers.Running, ledger: Ledger, sinkUrl: string) => Promise<T>, database: Database = 'sqlite'): Promise<T> {
  if (!sink) throw new Error('the Inngest stand-in is not running')
  const port = await servers.freePort()
  const db = await freshDatabase(database, `${target}_${database}_${run}_${Date.now()}`)
  const env = servers.serverEnv({ port, databaseUrl: db.url, sinkUrl: sink.url })
  const args = servers.serverArgs(target, port, nodeFlags)
  const server = await servers.startServer({ name: `${target} (run ${run})`, args, env, port, readyPath: servers.readyPath[target] })
  try {
    return await work(server, db.ledger, sink.url)
  } finally {
    await server.stop()
    noteContention(`${target} run ${run}`)
  }
}

/** Warm-up, then the measured load; the server is stopped (SIGINT) before this returns, so a profile is written. */
function measure(target: servers.Target, run: string, nodeFlags: string[] = [], database: Database = 'sqlite'): Promise<TargetRun> {
  const loadavg1 = Number((loadavg()[0] ?? 0).toFixed(2))
  return withServer(target, run, nodeFlags, async (server, _ledger, sinkUrl) => {
    const pool = target === 'noop' ? null : new PayloadPool((options.warmupS + options.durationS) * 3000)
    const load = { url: server.url, path: paths[target], connections: options.connections, next: pool ? () => pool.next() : undefined }
    const before = await sinkStats(sinkUrl)
    const loadStartedAt = Date.now()
    const warmup = await runLoad({ ...load, durationS: options.warmupS })
    const measured = await runLoad({ ...load, durationS: options.durationS })
    const handoffs = pool ? (await sinkStats(sinkUrl)).events - before.events : null
    const loadMs = Date.now() - loadStartedAt
    const exit = await server.stop()
    const { latencyMs: l } = measured
    log(`${target}${database === 'postgresql' ? ' on PostgreSQL' : ''} run ${run} (load avg ${loadavg1}): ${measured.rps.toFixed(0)} events/s, p50 ${l.p50} ms, p99 ${l.p99} ms, non-2xx ${measured.non2xx}, errors ${measured.errors}, hand-offs ${handoffs ?? '—'}`)
    if (measured.non2xx + warmup.non2xx > 0) log(`${target} status codes: ${JSON.stringify(measured.statusCodes)}\n${server.logTail(15)}`)
    return { run, warmup, load: measured, handoffs, poolExtended: pool?.extended ?? 0, loadMs, loadavg1, exit }
  }, database)
}

function storm(run: string): Promise<StormResult> {
  return withServer('route', `storm-${run}`, [], async (server, ledger, sinkUrl) => {
    const result = await runStorm({ urls: [server.url], ledger, sinkUrl })
    log(`storm run ${run}: ${result.rows} rows, codes ${JSON.stringify(result.statusCodes)}, hand-offs ${result.handoffs}, ${result.wallMs.toFixed(0)} ms`)
    return result
  })
}

/** Two `next start` processes on one PostgreSQL database, requests alternating between them. */
async function twoInstances(label: string, scenario: { distinct: number; copies: number; concurrency: number }): Promise<StormResult> {
  if (!sink || !postgres) throw new Error('the Inngest stand-in or PostgreSQL is not running')
  const db = await freshDatabase('postgresql', `two_${label}_${Date.now()}`)
  const started: servers.Running[] = []
  try {
    for (const name of ['a', 'b']) {
      const port = await servers.freePort()
      const env = servers.serverEnv({ port, databaseUrl: db.url, sinkUrl: sink.url })
      started.push(await servers.startServer({ name: `route ${name} (${label})`, args: servers.serverArgs('route', port), env, port, readyPath: servers.readyPath.route }))
    }
    const result = await runStorm({ urls: started.map((s) => s.url), ledger: db.ledger, sinkUrl: sink.url, ...scenario })
    log(`two instances, ${label}: ${result.rows} rows, codes ${JSON.stringify(result.statusCodes)}, hand-offs ${result.handoffs}, ${result.wallMs.toFixed(0)} ms`)
    return result
  } finally {
    for (const server of started) await server.stop()
  }
}

/** A bench script in its own process (its own env and database), answering one JSON line on stdout. */
function child(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { cwd: projectRoot, env: { ...process.env, NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    proc.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-4000)))
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs)
    proc.once('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(out)
      else reject(new Error(`${args.join(' ')} exited ${code}:\n${err}\n${out.slice(-4000)}`))
    })
  })
}

async function reconcileScale(): Promise<ReconcileResult> {
  log(`reconciliation: ${options.customers.toLocaleString('en-US')} live customers in the Stripe double, its rate limit on…`)
  const out = await child(['--import', 'tsx', '--conditions=react-server', 'bench/reconcile-scale.ts', String(options.customers), scratch.dir], 30 * 60_000)
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as ReconcileResult
  log(`reconciliation: ${JSON.stringify(result)}`)
  return result
}

/**
 * Stripe calls per checkout and per renewal through the background path, and the subscription updates and invoices
 * of a burst of 25 invitations accepted, as the test counts them at the double.
 */
async function stripeCalls(): Promise<StripeCalls> {
  const out = await child(['node_modules/vitest/vitest.mjs', 'run', 'tests/inngest/stripe-calls.test.ts'], 5 * 60_000)
  const count = (what: string) => Number(new RegExp(`${what} \\(background\\): (\\d+)`).exec(out)?.[1] ?? NaN)
  const result = {
    checkout: count('stripe calls per checkout'),
    renewal: count('stripe calls per renewal'),
    burstUpdates: count('subscription updates per burst of 25 invitations accepted'),
    burstInvoices: count('invoices per burst of 25 invitations accepted'),
  }
  log(`Stripe calls through the background path: ${JSON.stringify(result)}`)
  return result
}

async function main(): Promise<boolean> {
  const host = machine()
  const buildSeconds = { route: await maybeBuild(null), noop: null as number | null }
  // --skip-build with no .next left: serve the copy an earlier bench made.
  const reuse = buildSeconds.route === null && !existsSync(join(projectRoot, '.next/BUILD_ID'))
  const buildId = reuse ? readFileSync(join(SNAPSHOT_DIR, 'BUILD_ID'), 'utf8').trim() : await servers.snapshotBuild()
  stamp = servers.buildStamp()
  log(`serving build ${buildId} from ${relative(projectRoot, SNAPSHOT_DIR)}`)
  buildSeconds.noop = await maybeBuild('bench/next-noop')
  const usageBuilt = existsSync(join(projectRoot, 'bench/next-usage/node_modules/.next/BUILD_ID'))
  if (!options.skipBuild || !usageBuilt) {
    log('next build bench/next-usage…')
    log(`built bench/next-usage in ${(await buildUsageApp(scratch.dir)).toFixed(1)} s`)
  }
  const sinkPort = await servers.freePort()
  const sinkEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', PORT: String(sinkPort) }
  sink = await servers.startServer({ name: 'inngest-sink', args: servers.serverArgs('sink', sinkPort), env: sinkEnv, port: sinkPort, readyPath: servers.readyPath.sink })
  postgres = await startBenchPostgres(options.pgPort)
  if (!postgres) log('PostgreSQL is not installed: skipping the PostgreSQL and two-instance runs')

  const runs: Runs = { route: [], floor: [], noop: [], routePg: [], storm: [], sync: [], twoInstances: [], reconcile: null, stripeCalls: null, usage: null }
  const order: servers.Target[] = ['route', 'floor', 'noop']
  for (let i = 0; i < options.runs; i += 1) {
    // Rotate who goes first, so drift on a shared machine does not always land on the same server.
    for (let k = 0; k < order.length; k += 1) {
      const target = order[(i + k) % order.length] as servers.Target
      runs[target].push(await measure(target, String(i + 1)))
    }
    // The same route on PostgreSQL, right after, for the ingest ratio to SQLite in the same run.
    if (postgres) runs.routePg.push(await measure('route', String(i + 1), [], 'postgresql'))
    runs.storm.push(await storm(String(i + 1)))
  }
  if (postgres) {
    runs.twoInstances.push(await twoInstances('storm', { distinct: 100, copies: 10, concurrency: 50 }))
    runs.twoInstances.push(await twoInstances('load', { distinct: 5000, copies: 1, concurrency: 50 }))
  }
  runs.stripeCalls = await stripeCalls()
  runs.reconcile = await reconcileScale()
  runs.usage = await runUsageScenario({
    scratchDir: scratch.dir,
    rounds: options.runs,
    durationS: options.durationS,
    warmupS: options.warmupS,
    connections: options.connections,
    events: options.usageEvents,
    customers: 1000,
    sinkUrl: sink!.url,
    postgres,
    log,
  })

  log('syncStripeCustomer: 200 customers with a subscription each in the Stripe double…')
  const sync = await prepareSync(scratch.dir, 200)
  try {
    for (let i = 0; i < options.runs; i += 1) runs.sync.push(await sync.run())
  } finally {
    await sync.close()
  }

  const results = summarize({ date, machine: host, buildId, options, buildSeconds }, runs, contention)
  if (options.profile) {
    log('profiling the route, the floor and the ceiling under the same load (--cpu-prof)…')
    const base = join(projectRoot, 'bench', 'results', `profile-${date.replace(/:/g, '-')}`)
    const text = await runProfiles(measure, scratch.dir, `${date}, build ${buildId}, on ${describeMachine(host)}`, (target) => `${base}-${target}.raw.json`)
    writeFileSync(`${base}.txt`, `${text}\n`)
    console.log(`${text}\n`)
    log(`profile summary: ${relative(projectRoot, base)}.txt (raw profiles: ${relative(projectRoot, base)}-*.raw.json)`)
  }

  const file = writeResults(join(projectRoot, 'bench', 'results'), results)
  writeDocs(join(projectRoot, 'docs', 'benchmarks.md'), results)
  console.log(`\n${describeMachine(host)}\n\n${table(results)}\n`)
  log(`results: ${relative(projectRoot, file)}; docs/benchmarks.md rewritten`)
  return results.passed
}

let passed = false
try {
  passed = await main()
} catch (error) {
  console.error('bench failed:', error)
} finally {
  await sink?.stop()
  postgres?.stop()
  scratch.remove()
}
process.exit(passed ? 0 : 1)
