// Issue 24's benchmark, one scenario of `npm run bench` (and alone: `npm run bench:usage`), three measures:
// 1. recordUsage on the request path: bench/next-usage serves /api/noop (answers, nothing else) and /api/usage
//    (one recordUsage, then the sender woken after the response) from one build and one server; each round starts
//    a fresh server on a fresh database with the organization on a metered plan, and measures both routes at 32
//    connections in a rotating order; a ratio is the median of the rounds' own ratios (as report.ts pairs servers).
// 2. The sender draining 100,000 queued events to the Stripe double under its meter-event rate (bench/usage-drain.ts).
// 3. What canUse costs the database: its statements and their plans (bench/usage-limit-check.ts), on each dialect.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createDb } from '@/lib/db/create-client'
import { runLoad, type LoadStats } from './load'
import type { BenchPostgres } from './postgres'
import type { Check, PairedRatio } from './checks'
import * as servers from './servers'
import { BENCH_USAGE_ORGANIZATION, seedMeteredOrganizations } from './usage-seed'

/** "recordUsage on the request path at 32 connections adds ≤ 10 % to the latency of a route that does nothing else." */
export const USAGE_LATENCY_TARGET = 1.1
const NEXT_BIN = 'node_modules/next/dist/bin/next'
const APP_DIR = 'bench/next-usage'

export type UsageRoute = 'noop' | 'usage'
export type UsageRound = {
  round: string
  database: 'sqlite' | 'postgresql'
  loadavg1: number
  noop: LoadStats
  usage: LoadStats
  /** UsageEvent rows and the running total after the round: every 2xx recorded once (2xx ≤ rows ≤ sent). */
  rows: number
  total: number
  usageSent: number
  usageOk: number
}
export type DrainResult = {
  events: number
  customers: number
  drainMs: number
  eventsPerSecond: number
  stripeRequests: number
  meterEventPosts: number
  accepted: number
  rateLimited: number
  refusedAsDuplicate: number
  otherErrors: number
  limitPerSecond: number
  peakRequestsPerSecond: number
  runs: number
  failedRuns: number
  rowsByStatus: Record<string, number>
  duplicated: number
  lost: number
  unexpectedIdentifiers: number
  totals: { expected: number; stripe: number; customersMatching: number; mismatches: unknown[] }
  firstCustomerBeforeAggregation: number
}
export type LimitCheckResult = {
  dialect: string
  organizations: number
  statements: number
  indexed: boolean
  wallMs: number
  queries: { sql: string; databaseMs: number; plan: string; indexed: boolean }[]
}
export type UsageResult = {
  rounds: UsageRound[]
  ratios: Record<'sqlite' | 'postgresql', { p50: PairedRatio; p99: PairedRatio; throughput: PairedRatio } | null>
  drain: DrainResult | null
  limitCheck: LimitCheckResult[]
}

export type UsageOptions = {
  scratchDir: string
  rounds: number
  durationS: number
  warmupS: number
  connections: number
  events: number
  customers: number
  sinkUrl: string
  postgres: BenchPostgres | null
  log: (line: string) => void
}

export async function buildUsageApp(scratchDir: string): Promise<number> {
  const env = servers.serverEnv({ port: 3000, databaseUrl: `file:${join(scratchDir, 'usage-build.db')}`, sinkUrl: 'http://127.0.0.1:9' })
  return servers.nextBuild(APP_DIR, env)
}

export async function runUsageScenario(options: UsageOptions): Promise<UsageResult> {
  const { log } = options
  const rounds: UsageRound[] = []
  const databases: UsageRound['database'][] = options.postgres ? ['sqlite', 'postgresql'] : ['sqlite']
  for (let i = 0; i < options.rounds; i++) {
    for (const database of databases) {
      // Rotate which route goes first, so a drift of the machine's speed does not always land on the same one.
      const order: UsageRoute[] = i % 2 === 0 ? ['noop', 'usage'] : ['usage', 'noop']
      const round = await measureRound(options, String(i + 1), database, order)
      rounds.push(round)
      log(
        `usage round ${round.round} (${database}, load avg ${round.loadavg1}): noop ${round.noop.rps.toFixed(0)}/s p50 ${round.noop.latencyMs.p50} p99 ${round.noop.latencyMs.p99} ms; ` +
          `recordUsage ${round.usage.rps.toFixed(0)}/s p50 ${round.usage.latencyMs.p50} p99 ${round.usage.latencyMs.p99} ms, non-2xx ${round.usage.non2xx + round.noop.non2xx}; rows ${round.rows}, total ${round.total}`,
      )
    }
  }
  log(`usage drain: ${options.events.toLocaleString('en-US')} queued events for ${options.customers.toLocaleString('en-US')} customers to the Stripe double at its meter-event rate…`)
  const drain = JSON.parse(lastLine(await child(['bench/usage-drain.ts', String(options.events), String(options.customers), options.scratchDir], 30 * 60_000))) as DrainResult
  log(`usage drain: ${JSON.stringify({ ...drain, totals: { ...drain.totals, mismatches: drain.totals.mismatches.length } })}`)
  const limitCheck: LimitCheckResult[] = []
  for (const database of databases) {
    const url = database === 'sqlite' ? (await servers.freshDatabase(options.scratchDir, `usage_limit_${Date.now()}`)).url : (await options.postgres!.freshDatabase(`usage_limit_${Date.now()}`)).url
    const result = JSON.parse(lastLine(await child(['bench/usage-limit-check.ts', url], 10 * 60_000))) as LimitCheckResult
    limitCheck.push(result)
    log(`limit check (${result.dialect}): ${result.statements} statement(s), indexed: ${result.indexed}; ${result.queries.map((q) => q.plan).join(' | ')}`)
  }
  return { rounds, ratios: { sqlite: ratiosOf(rounds, 'sqlite'), postgresql: ratiosOf(rounds, 'postgresql') }, drain, limitCheck }
}

async function measureRound(options: UsageOptions, round: string, database: UsageRound['database'], order: UsageRoute[]): Promise<UsageRound> {
  const loadavg1 = Number(((await import('node:os')).loadavg()[0] ?? 0).toFixed(2))
  const name = `usage_${database}_${round}_${Date.now()}`
  const url = database === 'sqlite' ? (await servers.freshDatabase(options.scratchDir, name)).url : (await options.postgres!.freshDatabase(name)).url
  const seeding = createDb(url)
  await seedMeteredOrganizations(seeding, [{ organizationId: BENCH_USAGE_ORGANIZATION, customerId: 'cus_bench_usage' }])
  await seeding.$disconnect()

  const port = await servers.freePort()
  const env = servers.serverEnv({ port, databaseUrl: url, sinkUrl: options.sinkUrl })
  const server = await servers.startServer({ name: `usage app (${database}, round ${round})`, args: [NEXT_BIN, 'start', APP_DIR, '-p', String(port), '-H', '127.0.0.1'], env, port, readyPath: '/api/noop' })
  const measured = {} as Record<UsageRoute, { warmup: LoadStats; load: LoadStats }>
  try {
    for (const route of order) {
      const load = { url: server.url, path: `/api/${route}`, connections: options.connections }
      const warmup = await runLoad({ ...load, durationS: options.warmupS })
      measured[route] = { warmup, load: await runLoad({ ...load, durationS: options.durationS }) }
    }
  } finally {
    await server.stop()
  }
  const reading = createDb(url)
  const rows = await reading.usageEvent.count()
  const total = (await reading.usageTotal.aggregate({ _sum: { used: true } }))._sum.used ?? 0
  await reading.$disconnect()
  const usage = measured.usage
  return {
    round,
    database,
    loadavg1,
    noop: measured.noop.load,
    usage: usage.load,
    rows,
    total,
    usageOk: usage.warmup.ok + usage.load.ok,
    usageSent: usage.warmup.sent + usage.load.sent,
  }
}

function ratiosOf(rounds: readonly UsageRound[], database: UsageRound['database']) {
  const mine = rounds.filter((r) => r.database === database)
  if (mine.length === 0) return null
  const paired = (pick: (stats: LoadStats) => number): PairedRatio => {
    const perRound = mine.map((r) => pick(r.usage) / pick(r.noop))
    const sorted = [...perRound].sort((a, b) => a - b)
    const mid = Math.floor(sorted.length / 2)
    const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
    return { median, min: sorted[0]!, max: sorted.at(-1)!, perRound }
  }
  return { p50: paired((s) => s.latencyMs.p50), p99: paired((s) => s.latencyMs.p99), throughput: paired((s) => s.rps) }
}

export function usageChecks(result: UsageResult): Check[] {
  const checks: Check[] = []
  for (const database of ['sqlite', 'postgresql'] as const) {
    const ratio = result.ratios[database]
    if (!ratio) continue
    const mine = result.rounds.filter((r) => r.database === database)
    const label = database === 'sqlite' ? 'SQLite' : 'PostgreSQL'
    checks.push(
      {
        name: `recordUsage on the request path (${label}): p50 latency ≤ ${USAGE_LATENCY_TARGET.toFixed(2)}× the do-nothing route's, 32 connections, same rounds`,
        ok: ratio.p50.median <= USAGE_LATENCY_TARGET && mine.every((r) => r.usage.ok > 0 && r.noop.ok > 0),
        detail: `p50 ${describe(ratio.p50)}; p99 ${describe(ratio.p99)} (reported, not the target); throughput ${describe(ratio.throughput)}`,
      },
      {
        name: `recordUsage route (${label}): no non-2xx, no errors; every 2xx recorded once (2xx ≤ rows = total ≤ sent)`,
        ok: mine.every((r) => failures(r) === 0 && r.usageOk > 0 && r.usageOk <= r.rows && r.rows <= r.usageSent && r.total === r.rows),
        detail: mine.map((r) => `${r.usageOk} ≤ ${r.rows} = ${r.total} ≤ ${r.usageSent}, non-2xx/errors ${failures(r)} (timeouts ${r.usage.timeouts + r.noop.timeouts})`).join('; '),
      },
    )
  }
  const d = result.drain
  if (d) {
    checks.push({
      name: `sender: ${d.events.toLocaleString('en-US')} queued events drained to Stripe within its meter-event rate, 0 lost, 0 duplicated, Stripe's totals = the app's`,
      ok:
        d.lost === 0 &&
        d.duplicated === 0 &&
        d.unexpectedIdentifiers === 0 &&
        d.failedRuns === 0 &&
        d.rowsByStatus.sent === d.events &&
        d.totals.stripe === d.totals.expected &&
        d.totals.customersMatching === d.customers,
      detail: `${d.accepted.toLocaleString('en-US')} accepted, ${d.lost} lost, ${d.duplicated} duplicated, ${d.rateLimited} answered 429, Stripe's total ${d.totals.stripe.toLocaleString('en-US')} = app's ${d.totals.expected.toLocaleString('en-US')}: ${d.totals.stripe === d.totals.expected}, ${d.totals.customersMatching}/${d.customers} customers exact, ${d.eventsPerSecond} events/s`,
    })
  }
  for (const c of result.limitCheck) {
    checks.push({
      name: `limit check (${c.dialect}): canUse costs one indexed read`,
      ok: c.statements === 1 && c.indexed,
      detail: `${c.statements} statement(s), ${c.indexed ? 'each through an index' : 'NOT all through an index'}: ${c.queries.map((q) => q.plan).join(' | ')}`,
    })
  }
  return checks
}

/** Non-2xx answers and errors of both routes' measured runs (autocannon counts a timeout among its errors). */
const failures = (r: UsageRound) => r.usage.non2xx + r.usage.errors + r.noop.non2xx + r.noop.errors

const describe = (r: PairedRatio) => (r.perRound.length > 1 ? `${r.median.toFixed(2)}× (rounds ${r.min.toFixed(2)}–${r.max.toFixed(2)})` : `${r.median.toFixed(2)}×`)

export function usageTable(result: UsageResult): string {
  const lines: string[] = []
  const rows = result.rounds
  if (rows.length > 0) {
    lines.push(
      '| recordUsage on the request path, 32 connections | database | do-nothing route: 2xx/s, p50, p99 ms | recordUsage route: 2xx/s, p50, p99 ms | rows recorded |',
      '|---|---|---:|---:|---:|',
      ...rows.map((r) => `| round ${r.round} (load avg ${r.loadavg1}) | ${r.database} | ${r.noop.rps.toFixed(0)}, ${r.noop.latencyMs.p50}, ${r.noop.latencyMs.p99} | ${r.usage.rps.toFixed(0)}, ${r.usage.latencyMs.p50}, ${r.usage.latencyMs.p99} | ${r.rows.toLocaleString('en-US')} |`),
      '',
      '| recordUsage / do-nothing (median of the rounds\' ratios) | p50 latency (the target) | p99 latency | throughput |',
      '|---|---:|---:|---:|',
    )
    for (const database of ['sqlite', 'postgresql'] as const) {
      const ratio = result.ratios[database]
      if (ratio) lines.push(`| ${database === 'sqlite' ? 'SQLite' : 'PostgreSQL 15'} | ${describe(ratio.p50)} (target ≤ ${USAGE_LATENCY_TARGET.toFixed(2)}×) | ${describe(ratio.p99)} | ${describe(ratio.throughput)} |`)
    }
    lines.push('')
  }
  const d = result.drain
  if (d) {
    lines.push(
      `| Sender: ${d.events.toLocaleString('en-US')} queued events, ${d.customers.toLocaleString('en-US')} customers, Stripe double limited to ${d.limitPerSecond}/s (meter events, live mode) | value |`,
      '|---|---:|',
      `| drain time / events per second | ${(d.drainMs / 1000).toFixed(1)} s / ${d.eventsPerSecond} |`,
      `| Stripe requests (meter events) / accepted / answered 429 / refused as a repeated identifier / other errors | ${d.stripeRequests.toLocaleString('en-US')} (${d.meterEventPosts.toLocaleString('en-US')}) / ${d.accepted.toLocaleString('en-US')} / ${d.rateLimited} / ${d.refusedAsDuplicate} / ${d.otherErrors} |`,
      `| Stripe requests/s, busiest second (limit ${d.limitPerSecond}) | ${d.peakRequestsPerSecond} |`,
      `| lost / duplicated (identifiers accepted twice) | ${d.lost} / ${d.duplicated} |`,
      `| Stripe's total after aggregation (summaries) / the app's recorded total / customers exact | ${d.totals.stripe.toLocaleString('en-US')} / ${d.totals.expected.toLocaleString('en-US')} / ${d.totals.customersMatching.toLocaleString('en-US')} of ${d.customers.toLocaleString('en-US')} |`,
      `| Inngest runs / failed | ${d.runs} / ${d.failedRuns} |`,
      '',
    )
  }
  if (result.limitCheck.length > 0) {
    lines.push('| canUse, one call | statements | through an index | plans |', '|---|---:|---|---|')
    for (const c of result.limitCheck) lines.push(`| ${c.dialect}, ${c.organizations.toLocaleString('en-US')} organizations | ${c.statements} | ${c.indexed ? 'yes' : 'no'} | ${c.queries.map((q) => `\`${q.plan.replace(/\|/g, '/')}\``).join('<br>')} |`)
    lines.push('')
  }
  return lines.join('\n')
}

/** A bench script in its own process (its own env and database), answering one JSON line on stdout. */
function child(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', ...args], { cwd: servers.projectRoot, env: { ...process.env, NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'pipe'] })
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

const lastLine = (out: string) => out.trim().split('\n').at(-1)!
