// Statistics, the checks, the result table, bench/results/<date>.json and docs/benchmarks.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { join } from 'node:path'
import type { Check, PairedRatio } from './checks'
import type { LoadStats } from './load'
import type { StormResult } from './storm'
import type { SyncStats } from './sync'
export type { Check, PairedRatio } from './checks'
import { usageChecks, usageTable, type UsageResult } from './usage-scenario'

export type TargetRun = {
  run: string
  warmup: LoadStats
  load: LoadStats
  /** Events the Inngest stand-in received during warm-up + load (every 2xx, plus requests autocannon abandoned). */
  handoffs: number | null
  poolExtended: number
  /** From the first warm-up request to the stop signal (the window a profile is cut to). */
  loadMs: number
  /** The 1-minute load average when the server started: other work on the machine skews a run. */
  loadavg1: number
  exit: string
}
/** One reconciliation measured by bench/reconcile-scale.ts: the Stripe calls, the Inngest runs, the drift found. */
type ReconcileRun = {
  wallMs: number
  stripeRequests: number
  rateLimited: number
  peakRequestsPerSecond: number
  meanRequestsPerSecond: number
  runs: number
  failedRuns: number
  maxStepsInOneRun: number
  driftByField: Record<string, number>
  allDriftFound: boolean
  subscriptionRows: number
}
/** What bench/reconcile-scale.ts prints: the first run (a sweep), then the daily full comparison (decision 0043). */
export type ReconcileResult = ReconcileRun & {
  customers: number
  seeded: { missing: number; wrongStatus: number; missedCancelAt: number; seedMs: number }
  comparison: ReconcileRun & { seeded: { rowsLost: number; statusChangedInStripe: number; rowsNotInStripe: number; lookedUpPerSweep: number } }
}
export type Runs = {
  route: TargetRun[]
  floor: TargetRun[]
  noop: TargetRun[]
  /** The route on PostgreSQL, measured right after the SQLite runs of the same round. */
  routePg: TargetRun[]
  storm: StormResult[]
  sync: SyncStats[]
  /** Two `next start` processes on one PostgreSQL: the duplicate storm, then 5,000 distinct events. */
  twoInstances: StormResult[]
  reconcile: ReconcileResult | null
  stripeCalls: StripeCalls | null
  /** Issue 24's scenario (bench/usage-scenario.ts); absent from results written before it existed. */
  usage?: UsageResult | null
}

/** tests/inngest/stripe-calls.test.ts's counts; the burst's are absent from results written before they existed. */
export type StripeCalls = { checkout: number; renewal: number; burstUpdates?: number; burstInvoices?: number }

/** `a[i] / b[i]` for each round both ran (runs are pushed in round order), and their median. */
export function pairedRatio(a: readonly TargetRun[], b: readonly TargetRun[], pick: (run: TargetRun) => number): PairedRatio {
  const perRound = a.slice(0, b.length).map((run, i) => pick(run) / pick(b[i]!))
  return { median: median(perRound), min: Math.min(...perRound), max: Math.max(...perRound), perRound }
}

const pairs = (a: readonly TargetRun[], b: readonly TargetRun[]) => ({
  throughput: pairedRatio(a, b, (run) => run.load.rps),
  p99: pairedRatio(a, b, (run) => run.load.latencyMs.p99),
})

export type Figures = { rps: number; minRps: number; maxRps: number; p50: number; p99: number; non2xx: number; errors: number }

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length === 0 ? NaN : sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

function figures(runs: readonly TargetRun[]): Figures {
  const rps = runs.map((r) => r.load.rps)
  return {
    rps: median(rps),
    minRps: Math.min(...rps),
    maxRps: Math.max(...rps),
    p50: median(runs.map((r) => r.load.latencyMs.p50)),
    p99: median(runs.map((r) => r.load.latencyMs.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.load.non2xx + r.warmup.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.load.errors + r.warmup.errors, 0),
  }
}

export function machine() {
  const list = cpus()
  const [model, count, node] = [list[0]?.model ?? 'unknown CPU', list.length, process.version]
  const describe = `${count} × ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform} ${release()}, Node ${node}`
  return { describe, cpus: list, node, loadavgAtStart: loadavg().map((v) => Number(v.toFixed(2))) }
}
export type Machine = ReturnType<typeof machine>

export type Results = ReturnType<typeof summarize>

export function summarize(base: { date: string; machine: Machine; buildId: string; options: Record<string, unknown>; buildSeconds: Record<string, number | null> }, runs: Runs, contention: string[]) {
  const [route, floor, noop] = [figures(runs.route), figures(runs.floor), figures(runs.noop)]
  const routePg = runs.routePg.length > 0 ? figures(runs.routePg) : null
  const pgRatio = routePg ? pairs(runs.routePg, runs.route) : null
  const webhookRuns = [...runs.route, ...runs.floor]
  // autocannon abandons the requests in flight when a run ends; the server still finishes (and hands off) those.
  const handedOff = (r: TargetRun) => r.handoffs !== null && r.handoffs >= r.warmup.ok + r.load.ok && r.handoffs <= r.warmup.sent + r.load.sent
  const syncMedian = (pick: (s: SyncStats) => number) => median(runs.sync.map(pick))
  const checks: Check[] = [
    { name: 'webhook route: no non-2xx, no errors', ok: route.non2xx + route.errors === 0, detail: `${route.non2xx} non-2xx, ${route.errors} errors in all runs` },
    { name: 'floor: no non-2xx, no errors', ok: floor.non2xx + floor.errors === 0, detail: `${floor.non2xx} non-2xx, ${floor.errors} errors in all runs` },
    {
      name: 'every 2xx was handed to Inngest (2xx ≤ hand-offs ≤ requests sent)',
      ok: webhookRuns.every(handedOff),
      detail: webhookRuns.map((r) => `${r.warmup.ok + r.load.ok} ≤ ${r.handoffs} ≤ ${r.warmup.sent + r.load.sent}`).join(', '),
    },
    { name: 'duplicate storm: exactly 100 StripeEvent rows, no 5xx', ok: runs.storm.every((s) => s.ok), detail: runs.storm.map((s) => `${s.rows} rows, ${s.failures} failed`).join('; ') },
    ...(routePg
      ? [
          { name: 'webhook route on PostgreSQL: no non-2xx, no errors', ok: routePg.non2xx + routePg.errors === 0, detail: `${routePg.non2xx} non-2xx, ${routePg.errors} errors` },
          { name: 'PostgreSQL ingest ≥ 0.8× SQLite’s (same rounds)', ok: pgRatio!.throughput.median >= 0.8, detail: describeRatio(pgRatio!.throughput) },
        ]
      : []),
    ...runs.twoInstances.map((s, i) => ({
      name: `two instances on one PostgreSQL, ${i === 0 ? 'duplicate storm' : `${s.distinct.toLocaleString('en-US')} events`}: one row and one hand-off per event, no 5xx`,
      ok: s.ok && s.handoffs === s.distinct,
      detail: `${s.rows} rows, ${s.handoffs} hand-offs for ${s.distinct} events, ${s.failures} failed`,
    })),
    ...(runs.stripeCalls
      ? [
          { name: 'Stripe calls: ≤ 2 per checkout, ≤ 1 per renewal (background path)', ok: runs.stripeCalls.checkout <= 2 && runs.stripeCalls.renewal <= 1, detail: `${runs.stripeCalls.checkout} per checkout, ${runs.stripeCalls.renewal} per renewal` },
          {
            name: 'a burst of 25 invitations accepted: ≤ 2 subscription updates, ≤ 1 invoice',
            ok: (runs.stripeCalls.burstUpdates ?? NaN) <= 2 && (runs.stripeCalls.burstInvoices ?? NaN) <= 1,
            detail: `subscription updates ${runs.stripeCalls.burstUpdates}, invoices ${runs.stripeCalls.burstInvoices}`,
          },
        ]
      : []),
    ...(runs.reconcile
      ? [
          {
            name: 'reconciliation: all seeded drift found, no failed run, no run near 1,000 steps',
            ok: runs.reconcile.allDriftFound && runs.reconcile.failedRuns === 0 && runs.reconcile.maxStepsInOneRun < 100,
            detail: `${JSON.stringify(runs.reconcile.driftByField)}, ${runs.reconcile.failedRuns} failed runs, at most ${runs.reconcile.maxStepsInOneRun} steps`,
          },
          {
            name: 'daily full comparison: all seeded drift found, no failed run, no run near 1,000 steps',
            ok: runs.reconcile.comparison.allDriftFound && runs.reconcile.comparison.failedRuns === 0 && runs.reconcile.comparison.maxStepsInOneRun < 100,
            detail: `${JSON.stringify(runs.reconcile.comparison.driftByField)}, ${runs.reconcile.comparison.failedRuns} failed runs, ${runs.reconcile.comparison.rateLimited} answered 429, at most ${runs.reconcile.comparison.maxStepsInOneRun} steps`,
          },
        ]
      : []),
    ...(runs.usage ? usageChecks(runs.usage) : []),
    { name: 'no other next build ran during the runs', ok: contention.length === 0, detail: contention.length ? `.next rebuilt during ${contention.join(', ')}` : '.next unchanged', warnOnly: true },
  ]
  return {
    ...base,
    runs,
    medians: {
      route,
      floor,
      noop,
      routePg,
      sync: { mean: syncMedian((s) => s.sync.mean), p50: syncMedian((s) => s.sync.p50), p99: syncMedian((s) => s.sync.p99), listOnlyMean: syncMedian((s) => s.listOnly.mean), perSecond: syncMedian((s) => s.syncsPerSecond) },
    },
    ratios: {
      routeToCeiling: pairs(runs.route, runs.noop),
      routeToFloor: pairs(runs.route, runs.floor),
      postgresToSqlite: pgRatio,
    },
    checks,
    passed: checks.every((c) => c.ok || c.warnOnly),
  }
}

const n0 = (v: number) => Math.round(v).toLocaleString('en-US')
const n2 = (v: number) => v.toFixed(2)
const x = (v: number) => `${v.toFixed(2)}×`
/** "0.69× (rounds 0.53–0.82)": the median of the rounds' ratios and their spread. */
export const describeRatio = (ratio: PairedRatio) => (ratio.perRound.length > 1 ? `${x(ratio.median)} (rounds ${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})` : x(ratio.median))
const sumCodes = (s: StormResult, prefix: string) => Object.entries(s.statusCodes).reduce((sum, [code, count]) => sum + (code.startsWith(prefix) ? count : 0), 0)

/**
 * The standing target for the webhook route against Next's no-op route at 32 connections, as the project sets it:
 * a guard that the route stays close to Next's own cost with Prisma and the Inngest SDK on it (decision 0037 says
 * why the earlier 0.8× would have taken them off the route).
 */
export const ROUTE_TO_CEILING = { throughput: 0.6, p99: 1.5 }

export function table(r: Results): string {
  const { route, floor, noop, routePg, sync } = r.medians
  const { reconcile, stripeCalls, twoInstances } = r.runs
  const { connections, runs, durationS, warmupS } = r.options as { connections: number; runs: number; durationS: number; warmupS: number }
  const storms = r.runs.storm
  const row = (name: string, f: Figures) => `| ${name} | ${n0(f.rps)} (${n0(f.minRps)}–${n0(f.maxRps)}) | ${f.p50} | ${f.p99} | ${f.non2xx} | ${f.errors} |`
  const { routeToCeiling, routeToFloor, postgresToSqlite } = r.ratios
  const goal = routeToCeiling.throughput.median >= ROUTE_TO_CEILING.throughput && routeToCeiling.p99.median <= ROUTE_TO_CEILING.p99
  const perRun = (label: string, pick: (s: StormResult) => string | number) => `| ${label} | ${storms.map(pick).join(' · ')} |`
  return [
    `Median of ${runs} run(s), ${connections} connections, ${durationS} s per run after a ${warmupS} s warm-up. Build ${r.buildId}.`,
    'Each ratio is the median of the ratios within each round (the two servers measured minutes apart), with their range.',
    '',
    `| Server (POST, ${connections} connections) | events/s, 2xx (range) | p50 ms | p99 ms | non-2xx | errors |`,
    '|---|---:|---:|---:|---:|---:|',
    row('Webhook route — `next start`, production build', route),
    row('Floor — bare `node:http`, same core', floor),
    row('Next ceiling — no-op POST route, same Next', noop),
    ...(routePg ? [row('Webhook route on PostgreSQL 15 (fsync on) — `next start`', routePg)] : []),
    '',
    '| Ratio | throughput | p99 | target |',
    '|---|---:|---:|---|',
    `| route / Next ceiling | ${describeRatio(routeToCeiling.throughput)} | ${describeRatio(routeToCeiling.p99)} | ≥ ${ROUTE_TO_CEILING.throughput.toFixed(2)}× throughput and ≤ ${ROUTE_TO_CEILING.p99.toFixed(2)}× p99: **${goal ? 'met' : 'not met'}** |`,
    `| route / floor | ${describeRatio(routeToFloor.throughput)} | ${describeRatio(routeToFloor.p99)} | what serving it through Next costs |`,
    ...(postgresToSqlite
      ? [`| route on PostgreSQL / on SQLite | ${describeRatio(postgresToSqlite.throughput)} | ${describeRatio(postgresToSqlite.p99)} | ≥ 0.80× throughput: **${postgresToSqlite.throughput.median >= 0.8 ? 'met' : 'not met'}** |`]
      : []),
    '',
    '| Duplicate storm: 100 events × 10, shuffled, 50 concurrent | each run |',
    '|---|---|',
    perRun('StripeEvent rows (must be 100)', (s) => s.rows),
    perRun('5xx / failed requests (must be 0)', (s) => `${sumCodes(s, '5')} / ${s.failures}`),
    perRun('answers: received / duplicate / other', (s) => `${s.answers.received} / ${s.answers.duplicate} / ${s.answers.other}`),
    perRun('hand-offs to Inngest', (s) => s.handoffs),
    perRun('ledger rows by status', (s) => Object.entries(s.rowsByStatus).map(([k, v]) => `${k} ${v}`).join(', ')),
    perRun('wall time, ms', (s) => n0(s.wallMs)),
    '',
    ...(twoInstances.length > 0
      ? [
          '| Two `next start` on one PostgreSQL, requests alternating | rows | hand-offs | events | 5xx / failed | answers received / duplicate | wall ms |',
          '|---|---:|---:|---:|---:|---:|---:|',
          ...twoInstances.map((s, i) => `| ${i === 0 ? 'duplicate storm (100 × 10, 50 concurrent)' : `${n0(s.distinct)} distinct events, 50 concurrent`} | ${n0(s.rows)} | ${n0(s.handoffs)} | ${n0(s.distinct)} | ${sumCodes(s, '5')} / ${s.failures} | ${s.answers.received} / ${s.answers.duplicate} | ${n0(s.wallMs)} |`),
          '',
        ]
      : []),
    ...(stripeCalls
      ? [
          '| Stripe calls through the background path (counted at the double) | before (commit 9124fd1) | now | target |',
          '|---|---:|---:|---:|',
          `| per checkout provisioned from its webhooks | 4 | ${stripeCalls.checkout} | ≤ 2 |`,
          `| per renewal | 2 | ${stripeCalls.renewal} | ≤ 1 |`,
          '',
          '| A burst of 25 invitations accepted (31 membership changes), counted at the double | before (commit 7a960b3) | now | target |',
          '|---|---:|---:|---:|',
          `| subscription updates | 31 | ${stripeCalls.burstUpdates ?? '–'} | ≤ 2 |`,
          `| invoices (Stripe makes at most 10 a minute, 20 a day, per subscription) | 25 | ${stripeCalls.burstInvoices ?? '–'} | ≤ 1 |`,
          '',
        ]
      : []),
    ...(reconcile
      ? [
          `| Reconciliation, ${n0(reconcile.customers)} live customers, Stripe double limited to 25 requests/s, app throttle 25/s | value |`,
          '|---|---:|',
          `| seeded drift: missing rows / wrong status / missed cancel_at | ${n0(reconcile.seeded.missing)} / ${n0(reconcile.seeded.wrongStatus)} / ${n0(reconcile.seeded.missedCancelAt)} |`,
          `| drift found and stored (BillingDrift, by field) | ${Object.entries(reconcile.driftByField).map(([k, v]) => `${k} ${n0(v)}`).join(', ')} |`,
          `| Subscription rows after (must be ${n0(reconcile.customers)}) | ${n0(reconcile.subscriptionRows)} |`,
          `| wall time | ${(reconcile.wallMs / 1000).toFixed(1)} s |`,
          `| Stripe requests / answered 429 | ${n0(reconcile.stripeRequests)} / ${n0(reconcile.rateLimited)} |`,
          `| Stripe requests/s: peak second / mean | ${reconcile.peakRequestsPerSecond} / ${reconcile.meanRequestsPerSecond} |`,
          `| Inngest runs / failed / steps in the largest run | ${n0(reconcile.runs)} / ${reconcile.failedRuns} / ${reconcile.maxStepsInOneRun} |`,
          `| seeding (bulk, not timed as reconciliation) | ${(reconcile.seeded.seedMs / 1000).toFixed(1)} s |`,
          '',
          ...comparisonRows(reconcile),
        ]
      : []),
    `| syncStripeCustomer, ${r.runs.sync[0]?.syncs ?? 0} customers in turn (Stripe double) | mean ms | p50 ms | p99 ms | syncs/s | Stripe list alone, mean ms |`,
    '|---|---:|---:|---:|---:|---:|',
    `| steady state (each customer synced once before) | ${n2(sync.mean)} | ${n2(sync.p50)} | ${n2(sync.p99)} | ${n0(sync.perSecond)} | ${n2(sync.listOnlyMean)} |`,
    '',
    ...r.checks.map((c) => `- ${c.ok ? 'PASS' : c.warnOnly ? 'WARN' : 'FAIL'} ${c.name}: ${c.detail}`),
  ].join('\n')
}

export const describeMachine = (m: Machine) => `${m.describe} (load average at start ${m.loadavgAtStart.join(' / ')})`

export function writeResults(dir: string, r: Results): string {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${r.date.replace(/:/g, '-')}.json`)
  writeFileSync(file, `${JSON.stringify(r, null, 1)}\n`)
  return file
}

/** Markers of the ledger section, which `npm run bench:ledger` writes and `npm run bench` keeps as it is. */
export const LEDGER_START = '<!-- bench:ledger -->'
export const LEDGER_END = '<!-- /bench:ledger -->'

/** Markers of the usage section: `npm run bench` and `npm run bench:usage` write it; kept when a run skipped it. */
export const USAGE_START = '<!-- bench:usage -->'
export const USAGE_END = '<!-- /bench:usage -->'

export const PAGES_START = '<!-- bench:pages -->'
export const PAGES_END = '<!-- /bench:pages -->'

export function writeDocs(file: string, r: Results): void {
  const template = readFileSync(new URL('./docs-template.md', import.meta.url), 'utf8')
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : ''
  // The ledger's and the pages' results come from their own benches (bench:ledger, bench:pages): kept as they are.
  const ledger = keptSection(previous, LEDGER_START, LEDGER_END, 'npm run bench:ledger')
  const pages = keptSection(previous, PAGES_START, PAGES_END, 'npm run bench:pages')
  const usage = r.runs.usage
    ? `${USAGE_START}\nMeasured ${r.date} by \`npm run bench\` on ${describeMachine(r.machine)}.\n\n${usageTable(r.runs.usage)}\n${usageChecks(r.runs.usage)
        .map((c) => `- ${c.ok ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail}`)
        .join('\n')}\n${USAGE_END}`
    : keptSection(previous, USAGE_START, USAGE_END, 'npm run bench:usage')
  const values: Record<string, string> = { date: r.date, machine: describeMachine(r.machine), table: table(r), ledger, pages, usage }
  writeFileSync(file, template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? ''))
}

/** The block between two markers of the previous docs, or a placeholder saying which bench fills it. */
function keptSection(previous: string, startMarker: string, endMarker: string, command: string): string {
  const start = previous.indexOf(startMarker)
  const end = previous.indexOf(endMarker)
  return start >= 0 && end > start ? previous.slice(start, end + endMarker.length) : `${startMarker}\nNot measured yet: run \`${command}\`.\n${endMarker}`
}

/** The daily full comparison's table (decision 0043), after the first reconciliation's. */
function comparisonRows({ customers, comparison: c }: ReconcileResult): string[] {
  const pages = Math.ceil((customers + c.seeded.rowsNotInStripe) / 100)
  return [
    `| Daily full comparison (decision 0043), the same ${n0(customers)} customers, the same limits | value |`,
    '|---|---:|',
    `| seeded drift no event announces: rows lost / statuses changed in Stripe / live rows not in Stripe | ${n0(c.seeded.rowsLost)} / ${n0(c.seeded.statusChangedInStripe)} / ${n0(c.seeded.rowsNotInStripe)} (${c.seeded.lookedUpPerSweep} looked up per sweep) |`,
    `| drift found and stored (BillingDrift, by field) | ${Object.entries(c.driftByField).map(([k, v]) => `${k} ${n0(v)}`).join(', ')} |`,
    `| wall time | ${(c.wallMs / 1000).toFixed(1)} s |`,
    `| Stripe requests (about ${n0(pages)} list pages + look-ups) / answered 429 | ${n0(c.stripeRequests)} / ${n0(c.rateLimited)} |`,
    `| Stripe requests/s: peak second / mean | ${c.peakRequestsPerSecond} / ${c.meanRequestsPerSecond} |`,
    `| Inngest runs / failed / steps in the largest run | ${n0(c.runs)} / ${c.failedRuns} / ${c.maxStepsInOneRun} |`,
    '',
  ]
}
