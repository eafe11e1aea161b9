// A realistic large webhook ledger for bench/admin-ledger.ts, generated deterministically (the same rows on SQLite and
// PostgreSQL) and written with bulk SQL: prepared statements in large transactions on SQLite, UNNEST batches on
// PostgreSQL. Never Prisma row by row: a million rows must seed in well under a minute.
import Database from 'better-sqlite3'
import pg from 'pg'

export const LEDGER_CUSTOMERS = 50_000
export const LEDGER_DAYS = 90
const END = Date.UTC(2026, 10, 30)
/** When the seeded ledger ends: "now" for the health page's figures over it. */
export const LEDGER_END_MS = END

// Shares seen on a live account: nearly everything processed, some ignored (types no handler wants), a trickle failed
// or in flight.
const STATUSES: [string, number][] = [['processed', 0.93], ['ignored', 0.04], ['failed', 0.015], ['queued', 0.01], ['received', 0.005]]
const TYPES: [string, number][] = [
  ['invoice.paid', 0.18], ['customer.subscription.updated', 0.16], ['invoice.created', 0.1], ['invoice.finalized', 0.1], ['charge.succeeded', 0.1],
  ['payment_intent.succeeded', 0.1], ['customer.updated', 0.06], ['checkout.session.completed', 0.04], ['customer.subscription.created', 0.04],
  ['invoice.payment_failed', 0.03], ['customer.subscription.deleted', 0.02], ['customer.subscription.trial_will_end', 0.02], ['price.updated', 0.01],
  ['product.updated', 0.01], ['invoice.payment_action_required', 0.01], ['charge.refunded', 0.01], ['customer.deleted', 0.005], ['price.created', 0.005],
]

/** A fixed pseudo-random sequence (mulberry32), so every run and both databases get the same ledger. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const pick = (shares: [string, number][], r: number) => {
  let sum = 0
  for (const [value, share] of shares) if (r < (sum += share)) return value
  return shares.at(-1)![0]
}

export type SeedRow = {
  id: string
  type: string
  status: string
  customerId: string | null
  attempts: number
  lastError: string | null
  payload: string
  stripeCreatedAt: string
  receivedAt: string
  apiVersion: string
  versionMismatch: boolean
}

export const PINNED_VERSION = '2026-10-28.endive'
/**
 * The endpoint's API version over the 90 days (decision 0044): an older one for the first 10 days, the pinned one
 * since, and the last day in the previous version again, as during an upgrade whose endpoint is not switched yet;
 * about 12 % of the rows flagged, 1.1 % of them inside the health page's last 24 hours.
 */
function endpointVersion(created: number): string {
  if (created < END - (LEDGER_DAYS - 10) * 86_400_000) return '2026-03-25.dahlia'
  if (created >= END - 86_400_000) return '2026-09-30.dahlia'
  return PINNED_VERSION
}

/** Customer `cus_bench<n>` for n in [0, LEDGER_CUSTOMERS): a few customers have many events, most have a few. */
export const benchCustomer = (n: number) => `cus_bench${n.toString().padStart(6, '0')}`

export function* ledgerRows(count: number): Generator<SeedRow> {
  const r = random(42)
  const padding = 'x'.repeat(700) // Stripe's events are 1–6 kB; ~1 kB keeps a million rows at ~1.3 GB on SQLite
  for (let i = 0; i < count; i++) {
    const created = END - Math.floor(r() * LEDGER_DAYS * 86_400_000)
    const status = pick(STATUSES, r())
    const type = pick(TYPES, r())
    // Skewed: customer n is picked with weight ~1/(n+1)^0.6
    const customer = r() < 0.05 ? null : benchCustomer(Math.floor(LEDGER_CUSTOMERS * r() ** 2.5))
    const id = `evt_bench${i.toString(36).padStart(8, '0')}`
    const apiVersion = endpointVersion(created)
    yield {
      id,
      type,
      status,
      customerId: customer,
      attempts: status === 'failed' ? 4 : status === 'processed' ? 1 : 0,
      lastError: status === 'failed' ? 'StripeConnectionError: An error occurred with our connection to Stripe.' : null,
      payload: `{"id":"${id}","object":"event","type":"${type}","data":{"object":{"customer":${customer ? `"${customer}"` : 'null'},"note":"${padding}"}}}`,
      stripeCreatedAt: new Date(created).toISOString(),
      receivedAt: new Date(created + Math.floor(r() * 3000)).toISOString(),
      apiVersion,
      versionMismatch: apiVersion !== PINNED_VERSION,
    }
  }
}

// Prisma's SQLite adapter stores DateTime as ISO text with "+00:00"; the seed writes exactly that.
const sqliteTime = (iso: string) => iso.replace('Z', '+00:00')

export function seedSqlite(file: string, count: number): void {
  const raw = new Database(file)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = OFF')
  raw.pragma('cache_size = -262144') // 256 MiB: the six ledger indexes take random inserts
  const insert = raw.prepare(
    'INSERT INTO "StripeEvent" ("id","type","customerId","livemode","status","attempts","lastError","payload","stripeCreatedAt","receivedAt","apiVersion","versionMismatch") VALUES (?,?,?,0,?,?,?,?,?,?,?,?)',
  )
  const batch = raw.transaction((rows: SeedRow[]) => {
    for (const row of rows) insert.run(row.id, row.type, row.customerId, row.status, row.attempts, row.lastError, row.payload, sqliteTime(row.stripeCreatedAt), sqliteTime(row.receivedAt), row.apiVersion, Number(row.versionMismatch))
  })
  let rows: SeedRow[] = []
  for (const row of ledgerRows(count)) {
    rows.push(row)
    if (rows.length < 50_000) continue
    batch(rows)
    rows = []
  }
  if (rows.length > 0) batch(rows)
  raw.exec('ANALYZE')
  raw.close()
}

export async function seedPostgres(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const flush = async (rows: SeedRow[]) => {
      const column = <K extends keyof SeedRow>(key: K) => rows.map((row) => row[key])
      await client.query(
        `INSERT INTO "StripeEvent" ("id","type","customerId","livemode","status","attempts","lastError","payload","stripeCreatedAt","receivedAt","apiVersion","versionMismatch")
         SELECT id, type, customer, false, status, attempts, error, payload, created, received, version, mismatch
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::timestamp(3)[], $9::timestamp(3)[], $10::text[], $11::boolean[])
           AS t(id, type, customer, status, attempts, error, payload, created, received, version, mismatch)`,
        [column('id'), column('type'), column('customerId'), column('status'), column('attempts'), column('lastError'), column('payload'), column('stripeCreatedAt'), column('receivedAt'), column('apiVersion'), column('versionMismatch')],
      )
    }
    let rows: SeedRow[] = []
    for (const row of ledgerRows(count)) {
      rows.push(row)
      if (rows.length < 20_000) continue
      await flush(rows)
      rows = []
    }
    if (rows.length > 0) await flush(rows)
    await client.query('VACUUM ANALYZE "StripeEvent"')
  } finally {
    await client.end()
  }
}
