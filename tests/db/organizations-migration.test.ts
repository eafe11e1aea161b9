import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '@/lib/db/migrate'
import { querySql, runSql } from '../support/raw-sql'
import { createEmptyDatabase, testDialect, type TestDatabase } from '../support/test-database'

// The organizations migration on a database that already bills users: a row in every table, then the migration
// through the project's runner, then every row accounted for.
const dialect = testDialect()
const MIGRATION = '20261201140000_organizations'
const committed = join(process.cwd(), 'prisma/migrations', dialect)
const at = "'2026-11-02 10:00:00'"

const beforeOrganizations = [
  `INSERT INTO "User" ("id", "name", "email", "stripeCustomerId", "createdAt", "updatedAt") VALUES
     ('u_ada', 'Ada Lovelace', 'ada@example.com', 'cus_ada', ${at}, ${at}),
     ('u_bob', NULL, 'bob@example.com', NULL, ${at}, ${at}),
     ('u_cy', '  ', NULL, 'cus_cy', ${at}, ${at})`,
  `INSERT INTO "Account" ("id", "userId", "type", "provider", "providerAccountId") VALUES ('a1', 'u_ada', 'oauth', 'github', '42')`,
  `INSERT INTO "Session" ("id", "sessionToken", "userId", "expires") VALUES ('s1', 'token-ada', 'u_ada', ${at}), ('s2', 'token-bob', 'u_bob', ${at})`,
  `INSERT INTO "VerificationToken" ("identifier", "token", "expires") VALUES ('bob@example.com', 'vt1', ${at})`,
  `INSERT INTO "Product" ("id", "name", "createdAt", "updatedAt") VALUES ('tollgate_pro', 'Pro', ${at}, ${at})`,
  `INSERT INTO "Price" ("id", "productId", "lookupKey", "unitAmount", "currency", "interval", "createdAt", "updatedAt") VALUES ('price_pro', 'tollgate_pro', 'pro_monthly', 1900, 'usd', 'month', ${at}, ${at})`,
  `INSERT INTO "Subscription" ("id", "userId", "customerId", "status", "priceId", "priceLookupKey", "productId", "quantity", "cancelAtPeriodEnd", "invoiceId", "stripeStateAt", "createdAt", "updatedAt") VALUES
     ('sub_ada_live', 'u_ada', 'cus_ada', 'active', 'price_pro', 'pro_monthly', 'tollgate_pro', 1, false, 'in_1', ${at}, ${at}, ${at}),
     ('sub_ada_old', 'u_ada', 'cus_ada', 'canceled', 'price_pro', 'pro_monthly', 'tollgate_pro', 1, false, NULL, ${at}, ${at}, ${at}),
     ('sub_cy', 'u_cy', 'cus_cy', 'past_due', 'price_pro', 'pro_monthly', 'tollgate_pro', 2, true, NULL, ${at}, ${at}, ${at})`,
  `INSERT INTO "StripeEvent" ("id", "type", "customerId", "livemode", "payload", "stripeCreatedAt") VALUES ('evt_1', 'customer.subscription.updated', 'cus_ada', false, '{}', ${at})`,
  `INSERT INTO "RateLimit" ("id", "count", "expiresAt") VALUES ('stripe-work:user:u_ada:0', 3, ${at})`,
  `INSERT INTO "SentEmail" ("id", "to", "sentAt") VALUES ('payment-failed:evt_1', 'ada@example.com', ${at})`,
  `INSERT INTO "StripeIdempotencyAttempt" ("scope", "attempt", "updatedAt") VALUES ('tollgate:customer:u_ada', 1, ${at})`,
  `INSERT INTO "CheckoutSession" ("id", "userId", "priceId", "lookupKey", "trial", "status", "stripeCreatedAt", "createdAt", "updatedAt") VALUES
     ('cs_ada', 'u_ada', 'price_pro', 'pro_monthly', true, 'complete', ${at}, ${at}, ${at}),
     ('cs_gone', 'u_deleted_earlier', 'price_pro', 'pro_monthly', false, 'expired', ${at}, ${at}, ${at})`,
]

let database: TestDatabase
beforeAll(async () => {
  database = await createEmptyDatabase()
  const earlier = mkdtempSync(join(tmpdir(), 'tollgate-migrations-'))
  cpSync(committed, earlier, { recursive: true })
  // The database as it was before organizations: that migration and every later one (which may refer to its tables).
  for (const name of readdirSync(earlier)) if (name >= MIGRATION && name !== 'migration_lock.toml') rmSync(join(earlier, name), { recursive: true })
  await migrate(database.url, { migrationsFolder: earlier })
  await runSql(database.url, beforeOrganizations)
  expect((await migrate(database.url)).applied).toContain(MIGRATION)
})
afterAll(() => database.drop())

type Org = { id: string; name: string; personalOwnerId: string; stripeCustomerId: string | null; seatsTaken: number }
const organizations = () => querySql<Org>(database.url, 'SELECT "id", "name", "personalOwnerId", "stripeCustomerId", "seatsTaken" FROM "Organization" ORDER BY "personalOwnerId"')
const count = async (table: string) => Number((await querySql<{ n: number | string }>(database.url, `SELECT count(*) AS n FROM "${table}"`))[0]!.n)

describe(`the organizations migration on ${dialect}`, () => {
  it('gives every user a personal organization holding their Stripe customer, owned by them, one seat taken', async () => {
    const orgs = await organizations()
    expect(orgs.map((o) => [o.personalOwnerId, o.name, o.stripeCustomerId, Number(o.seatsTaken)])).toEqual([
      ['u_ada', 'Ada Lovelace', 'cus_ada', 1],
      ['u_bob', 'bob@example.com', null, 1],
      ['u_cy', 'Personal', 'cus_cy', 1],
    ])
    expect(new Set(orgs.map((o) => o.id)).size).toBe(3)
    const memberships = await querySql<{ organizationId: string; userId: string; role: string }>(database.url, 'SELECT "organizationId", "userId", "role" FROM "Membership" ORDER BY "userId"')
    expect(memberships).toEqual(orgs.map((o) => ({ organizationId: o.id, userId: o.personalOwnerId, role: 'owner' })))
    const users = await querySql<{ id: string; activeOrganizationId: string }>(database.url, 'SELECT "id", "activeOrganizationId" FROM "User" ORDER BY "id"')
    expect(users).toEqual(orgs.map((o) => ({ id: o.personalOwnerId, activeOrganizationId: o.id })))
  })

  it('moves every subscription, with all its columns, to its user’s organization', async () => {
    const orgOf = Object.fromEntries((await organizations()).map((o) => [o.personalOwnerId, o.id]))
    const rows = await querySql<{ id: string; organizationId: string; status: string; quantity: number; invoiceId: string | null; customerId: string }>(
      database.url,
      'SELECT "id", "organizationId", "status", "quantity", "invoiceId", "customerId" FROM "Subscription" ORDER BY "id"',
    )
    expect(rows.map((r) => ({ ...r, quantity: Number(r.quantity) }))).toEqual([
      { id: 'sub_ada_live', organizationId: orgOf.u_ada, status: 'active', quantity: 1, invoiceId: 'in_1', customerId: 'cus_ada' },
      { id: 'sub_ada_old', organizationId: orgOf.u_ada, status: 'canceled', quantity: 1, invoiceId: null, customerId: 'cus_ada' },
      { id: 'sub_cy', organizationId: orgOf.u_cy, status: 'past_due', quantity: 2, invoiceId: null, customerId: 'cus_cy' },
    ])
  })

  it('moves checkout sessions to the organization; one of a user deleted earlier keeps its old id as history', async () => {
    const orgOf = Object.fromEntries((await organizations()).map((o) => [o.personalOwnerId, o.id]))
    expect(await querySql(database.url, 'SELECT "id", "organizationId", "status" FROM "CheckoutSession" ORDER BY "id"')).toEqual([
      { id: 'cs_ada', organizationId: orgOf.u_ada, status: 'complete' },
      { id: 'cs_gone', organizationId: 'u_deleted_earlier', status: 'expired' },
    ])
  })

  it('loses no row of any other table, and keeps the users’ sessions and OAuth accounts (no cascade on SQLite)', async () => {
    const counts = Object.fromEntries(
      await Promise.all(
        ['User', 'Account', 'Session', 'VerificationToken', 'Product', 'Price', 'StripeEvent', 'RateLimit', 'SentEmail', 'StripeIdempotencyAttempt'].map(
          async (table) => [table, await count(table)] as const,
        ),
      ),
    )
    expect(counts).toEqual({ User: 3, Account: 1, Session: 2, VerificationToken: 1, Product: 1, Price: 1, StripeEvent: 1, RateLimit: 1, SentEmail: 1, StripeIdempotencyAttempt: 1 })
  })
})
