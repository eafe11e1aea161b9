// npm run bench:ledger [-- --rows 1000000 --runs 7 --pg-port 55443 --insert-cost-only]
// The operator console's ledger on a large webhook ledger: seeds `rows` events (bulk SQL) into a fresh SQLite file and
// a fresh PostgreSQL database, runs every query shape /admin/events uses (bench/ledger-queries.ts, one process per
// database), and writes the database time of each with its plan to bench/results/ledger-<date>.json and the ledger
// section of docs/benchmarks.md. Target: every shape under 50 ms of database time on both. Exits 1 if one is over.
// Then it measures what the console's indexes cost the webhook route's two writes (bench/ledger-insert-cost.ts);
// `--insert-cost-only` runs just that part and rewrites just its table.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { migrate } from '@/lib/db/migrate'
import { startBenchPostgres } from './postgres'
import { describeMachine, LEDGER_END, LEDGER_START, machine } from './report'
import { measureInsertCost, type InsertCost } from './ledger-insert-cost'
import { seedPostgres, seedSqlite } from './ledger-seed'

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '7' }, 'pg-port': { type: 'string', default: '54335' }, 'insert-cost-only': { type: 'boolean', default: false } },
})
const rows = Math.max(1000, Number(values.rows) || 1_000_000)
const runs = Math.max(3, Number(values.runs) || 7)
const TARGET_MS = 50
const INSERT_START = '<!-- bench:ledger:insert-cost -->'
const INSERT_END = '<!-- /bench:ledger:insert-cost -->'
/** The insert-cost table already in the docs, kept when the query table is rewritten. */
function existingInsertCost(): string {
  const docs = readFileSync('docs/benchmarks.md', 'utf8')
  const [start, end] = [docs.indexOf(INSERT_START), docs.indexOf(INSERT_END)]
  return start >= 0 && end > start ? docs.slice(start, end + INSERT_END.length) : ''
}
const log = (line: string) => console.error(`[bench:ledger] ${line}`)

type Result = { shape: string; dbMedianMs: number; dbMaxMs: number; wallMedianMs: number; queries: number; plans: string[] }
type Run = { dialect: string; rows: number; runs: number; seedSeconds: number; results: Result[] }

function measure(url: string): Omit<Run, 'seedSeconds'> {
  const out = execFileSync('npx', ['tsx', '--conditions=react-server', 'bench/ledger-queries.ts', url, String(runs)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] })
  return JSON.parse(out.trim().split('\n').at(-1)!) as Omit<Run, 'seedSeconds'>
}

const scratch = mkdtempSync(join(tmpdir(), 'tollgate-bench-ledger-'))
const done: Run[] = []
let insertCost: InsertCost[] = []
const postgres = await startBenchPostgres(Number(values['pg-port']))
if (!postgres) log('PostgreSQL is not installed: SQLite only')
try {
  if (!values['insert-cost-only']) {
    const file = join(scratch, 'ledger.db')
    await migrate(`file:${file}`)
    log(`seeding ${rows.toLocaleString('en-US')} rows into SQLite…`)
    let started = performance.now()
    seedSqlite(file, rows)
    const sqliteSeed = (performance.now() - started) / 1000
    log(`seeded SQLite in ${sqliteSeed.toFixed(1)} s; timing queries…`)
    done.push({ ...measure(`file:${file}`), seedSeconds: sqliteSeed })
    rmSync(scratch, { recursive: true, force: true })
    if (postgres) {
      const { url } = await postgres.freshDatabase('tollgate_bench_ledger')
      log(`seeding ${rows.toLocaleString('en-US')} rows into PostgreSQL…`)
      started = performance.now()
      await seedPostgres(url, rows)
      const pgSeed = (performance.now() - started) / 1000
      log(`seeded PostgreSQL in ${pgSeed.toFixed(1)} s; timing queries…`)
      done.push({ ...measure(url), seedSeconds: pgSeed })
    }
  }
  insertCost = await measureInsertCost(postgres, log)
  for (const cost of insertCost) log(`insert cost, ${cost.dialect}: ${cost.beforeUsPerEvent.toFixed(0)} µs → ${cost.afterUsPerEvent.toFixed(0)} µs per event (${cost.ratio.toFixed(2)}×)`)
} finally {
  postgres?.stop()
  rmSync(scratch, { recursive: true, force: true })
}

const date = new Date().toISOString()
const over = done.flatMap((run) => run.results.filter((r) => r.dbMedianMs >= TARGET_MS).map((r) => `${run.dialect}: ${r.shape} (${r.dbMedianMs.toFixed(1)} ms)`))
writeFileSync(join('bench/results', `ledger-${date.slice(0, 16).replace(/:/g, '-')}.json`), JSON.stringify({ date, machine: machine(), loadavg: loadavg(), runs: done, insertCost }, null, 2))
if (done.length > 0) writeLedgerSection(date, done)
writeInsertCost(date, insertCost)
for (const line of over) log(`OVER ${TARGET_MS} ms: ${line}`)
if (done.length > 0) log(over.length === 0 ? `every shape under ${TARGET_MS} ms of database time on ${done.map((r) => r.dialect).join(' and ')}` : `${over.length} shape(s) over target`)
process.exitCode = over.length === 0 ? 0 : 1

/** Replaces the insert-cost table inside the ledger section. */
function writeInsertCost(when: string, costs: InsertCost[]) {
  const table = [
    INSERT_START,
    `What the console's indexes cost the webhook route's writes (${when}; bench/ledger-insert-cost.ts: the route's INSERT … RETURNING and UPDATE to queued, batches of 8, 4,000 events per side on a ledger of 100,000 rows, alternating rounds), database side only:`,
    '',
    '| database | before (µs/event) | with the console indexes (µs/event) | ratio |',
    '|---|---:|---:|---:|',
    ...costs.map((c) => `| ${c.dialect} | ${c.beforeUsPerEvent.toFixed(0)} | ${c.afterUsPerEvent.toFixed(0)} | ${c.ratio.toFixed(2)}× |`),
    INSERT_END,
  ].join('\n')
  const docs = readFileSync('docs/benchmarks.md', 'utf8')
  const [start, end] = [docs.indexOf(INSERT_START), docs.indexOf(INSERT_END)]
  const next = start >= 0 && end > start ? docs.slice(0, start) + table + docs.slice(end + INSERT_END.length) : docs.replace(LEDGER_END, `\n${table}\n${LEDGER_END}`)
  writeFileSync('docs/benchmarks.md', next)
}

/** Replaces the ledger section of docs/benchmarks.md (between its markers), which `npm run bench` keeps as it is. */
function writeLedgerSection(when: string, results: Run[]) {
  const shapes = results[0]?.results.map((r) => r.shape) ?? []
  const cell = (run: Run | undefined, shape: string) => {
    const result = run?.results.find((r) => r.shape === shape)
    return result ? `${result.dbMedianMs.toFixed(2)} (max ${result.dbMaxMs.toFixed(1)})` : '–'
  }
  const [sqlite, postgres] = [results.find((r) => r.dialect === 'sqlite'), results.find((r) => r.dialect === 'postgresql')]
  const planOf = (run: Run | undefined, shape: string) => run?.results.find((r) => r.shape === shape)?.plans.at(-1)?.replace(/\|/g, '\\|') ?? '–'
  const section = [
    LEDGER_START,
    `Last run: ${when} on ${describeMachine(machine())}, load ${loadavg().map((n) => n.toFixed(1)).join(' ')}; ${results[0]?.rows.toLocaleString('en-US')} events, median of ${runs} runs after a warm-up. Seeded in ${results.map((r) => `${r.seedSeconds.toFixed(0)} s (${r.dialect})`).join(', ')}.`,
    '',
    `Database time in ms (Prisma's per-query \`duration\`; the counts run their five queries side by side, so the longest counts). Target: under ${TARGET_MS} ms.`,
    '',
    '| query shape | SQLite | PostgreSQL |',
    '|---|---:|---:|',
    ...shapes.map((shape) => `| ${shape} | ${cell(sqlite, shape)} | ${cell(postgres, shape)} |`),
    '',
    '<details><summary>Plans (SQLite EXPLAIN QUERY PLAN; PostgreSQL EXPLAIN ANALYZE, scan and time lines)</summary>',
    '',
    '| query shape | SQLite | PostgreSQL |',
    '|---|---|---|',
    ...shapes.map((shape) => `| ${shape} | ${planOf(sqlite, shape)} | ${planOf(postgres, shape)} |`),
    '',
    '</details>',
    '',
    existingInsertCost(),
    LEDGER_END,
  ].join('\n')
  const docs = readFileSync('docs/benchmarks.md', 'utf8')
  const start = docs.indexOf(LEDGER_START)
  const end = docs.indexOf(LEDGER_END)
  writeFileSync('docs/benchmarks.md', start >= 0 && end > start ? docs.slice(0, start) + section + docs.slice(end + LEDGER_END.length) : `${docs.trimEnd()}\n\n## The operator console's ledger (npm run bench:ledger)\n\n${section}\n`)
}
