// npm run bench:usage [-- --runs N --skip-build --duration S --warmup S --connections N --events N --customers N --pg-port P]
// Issue 24's scenario alone (bench/usage-scenario.ts; `npm run bench` runs it too): builds bench/next-usage, starts
// the Inngest stand-in and the bench's PostgreSQL (when installed), measures, prints the table and PASS/FAIL, writes
// bench/results/usage-<date>.json and the usage section of docs/benchmarks.md. Exits 1 if a check fails.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { startBenchPostgres, type BenchPostgres } from './postgres'
import { describeMachine, machine, USAGE_END, USAGE_START } from './report'
import * as servers from './servers'
import { buildUsageApp, runUsageScenario, usageChecks, usageTable } from './usage-scenario'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    events: { type: 'string', default: '100000' },
    customers: { type: 'string', default: '1000' },
    'pg-port': { type: 'string', default: '54335' },
    'skip-build': { type: 'boolean', default: false },
  },
})
const bounded = (value: string, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number(value) || min)))
const startedAt = Date.now()
const log = (line: string) => console.error(`[bench:usage ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${line}`)
setTimeout(() => (console.error('bench:usage: over the 40 min limit, giving up'), process.exit(2)), 40 * 60_000).unref()
process.once('SIGINT', () => process.exit(130))
process.once('SIGTERM', () => process.exit(143))

const scratch = servers.scratchDir()
let sink = null as servers.Running | null
let postgres = null as BenchPostgres | null

async function main(): Promise<boolean> {
  const date = new Date().toISOString()
  const host = machine()
  const built = join(servers.projectRoot, 'bench/next-usage/node_modules/.next/BUILD_ID')
  if (!values['skip-build'] || !existsSync(built)) {
    log('next build bench/next-usage…')
    log(`built in ${(await buildUsageApp(scratch.dir)).toFixed(1)} s`)
  }
  const sinkPort = await servers.freePort()
  sink = await servers.startServer({ name: 'inngest-sink', args: servers.serverArgs('sink', sinkPort), env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', PORT: String(sinkPort) }, port: sinkPort, readyPath: servers.readyPath.sink })
  postgres = await startBenchPostgres(bounded(values['pg-port'], 1024, 65535))
  if (!postgres) log('PostgreSQL is not installed: SQLite only')
  const result = await runUsageScenario({
    scratchDir: scratch.dir,
    rounds: bounded(values.runs, 1, 20),
    durationS: bounded(values.duration, 1, 120),
    warmupS: bounded(values.warmup, 1, 30),
    connections: bounded(values.connections, 1, 256),
    events: bounded(values.events, 100, 1_000_000),
    customers: bounded(values.customers, 1, 100_000),
    sinkUrl: sink.url,
    postgres,
    log,
  })
  const checks = usageChecks(result)
  const text = [usageTable(result), ...checks.map((c) => `- ${c.ok ? 'PASS' : c.warnOnly ? 'WARN' : 'FAIL'} ${c.name}: ${c.detail}`)].join('\n')
  const file = join(servers.projectRoot, 'bench', 'results', `usage-${date.replace(/:/g, '-')}.json`)
  writeFileSync(file, `${JSON.stringify({ date, machine: host, options: values, result, checks }, null, 1)}\n`)
  const docs = join(servers.projectRoot, 'docs', 'benchmarks.md')
  if (existsSync(docs)) {
    const previous = readFileSync(docs, 'utf8')
    const [start, end] = [previous.indexOf(USAGE_START), previous.indexOf(USAGE_END)]
    if (start >= 0 && end > start) {
      const section = `${USAGE_START}\nMeasured ${date} by \`npm run bench:usage\` on ${describeMachine(host)}.\n\n${text}\n${USAGE_END}`
      writeFileSync(docs, previous.slice(0, start) + section + previous.slice(end + USAGE_END.length))
    }
  }
  console.log(`\n${describeMachine(host)}\n\n${text}\n`)
  log(`results: ${relative(servers.projectRoot, file)}`)
  return checks.every((c) => c.ok || c.warnOnly)
}

let passed = false
try {
  passed = await main()
} catch (error) {
  console.error('bench:usage failed:', error)
} finally {
  await sink?.stop()
  postgres?.stop()
  scratch.remove()
}
process.exit(passed ? 0 : 1)
