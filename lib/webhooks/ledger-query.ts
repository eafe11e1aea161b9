import { z } from 'zod'
import type { LedgerStatus } from './ledger'

// The operator console's ledger filters as they travel in the URL (/admin/events?status=failed&type=…), parsed
// without touching the database so a bad value is answered in words and never reaches a query.

export const LEDGER_STATUSES = ['received', 'queued', 'processed', 'failed', 'ignored', 'refused'] as const satisfies readonly LedgerStatus[]

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).transform((value) => new Date(`${value}T00:00:00.000Z`)).refine((date) => !Number.isNaN(date.getTime()))

const FIELDS = {
  status: { schema: z.enum(LEDGER_STATUSES), problem: 'Status must be one of received, queued, processed, failed, ignored or refused.' },
  type: { schema: z.string().max(100).regex(/^[a-z0-9_.]+$/), problem: 'An event type looks like invoice.paid.' },
  organization: { schema: z.string().max(64).regex(/^[A-Za-z0-9_-]+$/), problem: 'That is not an organization id.' },
  customer: { schema: z.string().max(255).regex(/^cus_[A-Za-z0-9]+$/), problem: 'A Stripe customer id looks like cus_ followed by letters and digits.' },
  from: { schema: day, problem: 'The “from” date must be a day, as YYYY-MM-DD.' },
  to: { schema: day, problem: 'The “to” date must be a day, as YYYY-MM-DD.' },
  q: { schema: z.string().max(255).regex(/^evt_[A-Za-z0-9_]+$/), problem: 'Search takes a Stripe event id, such as evt_1Q2w3E4r5T6y.' },
  version: { schema: z.literal('other'), problem: 'The API version filter takes “other” (another version than the app’s).' },
  after: { schema: z.string().max(400).regex(/^[A-Za-z0-9_-]+$/), problem: 'That page link is not valid; start again from the first page.' },
} as const

type Field = keyof typeof FIELDS
export type LedgerFilters = {
  status?: LedgerStatus
  type?: string
  organizationId?: string
  customerId?: string
  /** receivedAt ≥ from (UTC midnight) */
  from?: Date
  /** receivedAt < the day after `to`: the `to` day is included */
  toExclusive?: Date
  eventId?: string
  /** Only events recorded in another API version than the pinned one (StripeEvent.versionMismatch). */
  versionMismatch?: true
}
export type LedgerCursor = { receivedAt: Date; id: string }
export type LedgerQuery = { filters: LedgerFilters; cursor: LedgerCursor | null; problems: string[]; values: Partial<Record<Field, string>> }

type SearchParams = Record<string, string | string[] | undefined>

/** Reads the filters from the URL; a value that does not parse is left out and named in `problems`. */
export function parseLedgerQuery(params: SearchParams): LedgerQuery {
  const values: Partial<Record<Field, string>> = {}
  const problems: string[] = []
  const parsed: { [K in Field]?: z.output<(typeof FIELDS)[K]['schema']> } = {}
  for (const field of Object.keys(FIELDS) as Field[]) {
    const raw = [params[field]].flat()[0]?.trim()
    if (!raw) continue
    values[field] = raw
    const result = FIELDS[field].schema.safeParse(raw)
    if (result.success) Object.assign(parsed, { [field]: result.data })
    else problems.push(FIELDS[field].problem)
  }
  const cursor = parsed.after ? decodeCursor(parsed.after) : null
  if (parsed.after && !cursor) problems.push(FIELDS.after.problem)
  if (parsed.from && parsed.to && parsed.to < parsed.from) problems.push('The “to” date is before the “from” date.')
  return {
    filters: {
      status: parsed.status,
      type: parsed.type,
      organizationId: parsed.organization,
      customerId: parsed.customer,
      from: parsed.from,
      toExclusive: parsed.to ? new Date(parsed.to.getTime() + 86_400_000) : undefined,
      eventId: parsed.q,
      versionMismatch: parsed.version ? true : undefined,
    },
    cursor,
    problems,
    values,
  }
}

/** The cursor is the last row's (receivedAt, id), so the next page starts strictly after it: keyset, not OFFSET. */
export function encodeCursor(cursor: LedgerCursor): string {
  return Buffer.from(`${cursor.receivedAt.toISOString()}|${cursor.id}`).toString('base64url')
}

function decodeCursor(value: string): LedgerCursor | null {
  const [at, id] = Buffer.from(value, 'base64url').toString('utf8').split('|')
  const receivedAt = new Date(at ?? '')
  return id && /^evt_[A-Za-z0-9_]+$/.test(id) && !Number.isNaN(receivedAt.getTime()) ? { receivedAt, id } : null
}

/** The URL of the ledger with these filter values (as typed), e.g. for the next page or a status tab. */
export function ledgerHref(values: Partial<Record<Field, string>>, change: Partial<Record<Field, string | null>> = {}): string {
  const merged = { ...values, ...change }
  if (!('after' in change)) delete merged.after
  const query = new URLSearchParams(Object.entries(merged).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''))
  const text = query.toString()
  return text ? `/admin/events?${text}` : '/admin/events'
}
