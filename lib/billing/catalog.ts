// The plans you sell, as data. The pricing page, checkout, `npm run stripe:sync` and the entitlement checks all
// read this file: to add a plan or change a price, edit it here and run `npm run stripe:sync`
// (docs/recipes/add-a-plan.md). Amounts are in the currency's smallest unit (cents).

export type Interval = 'month' | 'year'
export type Feature = 'projects' | 'reports' | 'api_access' | 'priority_support'

export type CatalogPrice = { lookupKey: string; amount: number; currency: string; interval: Interval }

/** How Stripe's meter adds up a period's events (https://docs.stripe.com/api/billing/meter/create, default_aggregation). */
export type MeterAggregation = 'sum' | 'count' | 'last'

/** One tier of a tiered metered price; amounts in the smallest unit, `unitAmountDecimal` for fractions of a cent. */
export type PriceTier = { upTo: number | 'inf'; unitAmount?: number; unitAmountDecimal?: string; flatAmount?: number }

/** A metered price: billed in arrears on what the meter counted in the period. One per interval the plan sells. */
export type MeteredPrice = { lookupKey: string; currency: string; interval: Interval } & (
  | { scheme: 'per_unit'; unitAmount?: number; unitAmountDecimal?: string; packageSize?: number }
  | { scheme: 'tiered'; tiersMode: 'graduated' | 'volume'; tiers: readonly PriceTier[] }
)

/** Something a plan charges for by use (API calls, tokens, minutes), counted by a Stripe Billing Meter. */
export type CatalogMeter = {
  /** The app's name for it: `recordUsage(organization, 'api_calls', 1)`. */
  key: string
  displayName: string
  /** The meter's `event_name` at Stripe; meters are immutable, so a changed one is a new meter. */
  eventName: string
  aggregation: MeterAggregation
  /** Singular, for "1 API call" / "2 API calls" in the app. */
  unitLabel: string
  /** Included in each billing period (the free first tier of its price). */
  included: number
  /** hard: `canUse` refuses past `limit`; soft: allowed, and the overage is billed. */
  cap: 'hard' | 'soft'
  /** The most one period may use under a hard cap; `included` when absent. */
  limit?: number
  /** Empty for a plan that counts use but does not bill it (the Free plan's hard cap). */
  prices: readonly MeteredPrice[]
}

export type Plan = {
  key: string
  name: string
  description: string
  /** What the plan unlocks; lib/billing/entitlements.ts turns a subscription into these. */
  features: readonly Feature[]
  /** `seats` is how many members the organization may have (pending invitations count); enforced on invite. */
  limits: { projects: number; seats: number }
  /**
   * true: the prices are per seat (licensed, per unit), and the subscription's quantity is the member count, kept
   * in line by lib/billing/seats.ts. false: one flat price per organization, quantity 1, whatever the members.
   */
  perSeat: boolean
  /** Bullet points for the pricing page. */
  highlights: readonly string[]
  /** Free trial for a customer's first subscription; 0 for none. */
  trialDays: number
  /** Empty for the Free plan: it needs no Stripe price and nobody checks out for it. */
  prices: readonly CatalogPrice[]
  /** What the plan counts by use, beside its flat or per-seat price; none when absent. */
  meters?: readonly CatalogMeter[]
}

/**
 * The example meter: API calls, counted by a Stripe meter that sums each event's value. Free counts them under a hard
 * cap and bills nothing; Pro and Team include an allowance (the free first tier of a graduated price) and bill each
 * call past it. Allowances are per month; a yearly price's first tier holds twelve (lib/usage/meters.ts).
 */
const apiCalls = { key: 'api_calls', displayName: 'API calls', eventName: 'tollgate_api_calls', aggregation: 'sum', unitLabel: 'API call' } as const

/** A graduated price whose first `included` units are free, then `unitAmountDecimal` cents a unit. */
const allowanceThenPerUnit = (lookupKey: string, interval: Interval, included: number, unitAmountDecimal: string): MeteredPrice => ({
  lookupKey,
  currency: 'usd',
  interval,
  scheme: 'tiered',
  tiersMode: 'graduated',
  tiers: [
    { upTo: included, unitAmount: 0 },
    { upTo: 'inf', unitAmountDecimal },
  ],
})

const freeApiCalls: CatalogMeter = { ...apiCalls, included: 1000, cap: 'hard', prices: [] }
const proApiCalls: CatalogMeter = {
  ...apiCalls,
  included: 50_000,
  cap: 'soft',
  prices: [allowanceThenPerUnit('pro_api_calls_monthly', 'month', 50_000, '0.2'), allowanceThenPerUnit('pro_api_calls_yearly', 'year', 600_000, '0.2')],
}
const teamApiCalls: CatalogMeter = {
  ...apiCalls,
  included: 500_000,
  cap: 'soft',
  prices: [allowanceThenPerUnit('team_api_calls_monthly', 'month', 500_000, '0.1'), allowanceThenPerUnit('team_api_calls_yearly', 'year', 6_000_000, '0.1')],
}

// The entries, as written: `as const` keeps each key a literal for PlanKey. Read them through PLANS, typed as Plan, so
// an optional field added to Plan is readable on every entry without a cast.
const CATALOG = [
  {
    key: 'free',
    name: 'Free',
    description: 'For trying things out.',
    features: ['projects'],
    limits: { projects: 1, seats: 1 },
    perSeat: false,
    highlights: ['1 project', '1 seat', '1,000 API calls a month', 'Community support'],
    trialDays: 0,
    prices: [],
    meters: [
      freeApiCalls,
    ],
  },
  {
    key: 'pro',
    name: 'Pro',
    description: 'For a growing product with paying users.',
    features: ['projects', 'reports', 'api_access'],
    limits: { projects: 10, seats: 3 },
    perSeat: true,
    highlights: ['10 projects', 'Up to 3 seats, billed per seat', 'Revenue reports', 'API access', '50,000 API calls a month, then $0.002 each'],
    trialDays: 14,
    prices: [
      { lookupKey: 'pro_monthly', amount: 1900, currency: 'usd', interval: 'month' },
      { lookupKey: 'pro_yearly', amount: 19000, currency: 'usd', interval: 'year' },
    ],
    meters: [
      proApiCalls,
    ],
  },
  {
    key: 'team',
    name: 'Team',
    description: 'For teams that bill at scale.',
    features: ['projects', 'reports', 'api_access', 'priority_support'],
    limits: { projects: 100, seats: 20 },
    perSeat: true,
    highlights: ['100 projects', 'Up to 20 seats, billed per seat', 'Revenue reports', 'API access', 'Priority support', '500,000 API calls a month, then $0.001 each'],
    trialDays: 14,
    prices: [
      { lookupKey: 'team_monthly', amount: 4900, currency: 'usd', interval: 'month' },
      { lookupKey: 'team_yearly', amount: 49000, currency: 'usd', interval: 'year' },
    ],
    meters: [
      teamApiCalls,
    ],
  },
] as const satisfies readonly Plan[]

export type PlanKey = (typeof CATALOG)[number]['key']
export const PLANS: readonly (Plan & { key: PlanKey })[] = CATALOG
/** The first entry: the plan of an organization without a subscription. */
export const FREE_PLAN: Plan = CATALOG[0]

export function findPlan(key: string): Plan | undefined {
  return PLANS.find((plan) => plan.key === key)
}

/** The plan and price a lookup key belongs to; undefined for keys the catalog does not know. */
export function findPrice(lookupKey: string): { plan: Plan; price: CatalogPrice } | undefined {
  for (const plan of PLANS as readonly Plan[]) {
    const price = plan.prices.find((p) => p.lookupKey === lookupKey)
    if (price) return { plan, price }
  }
  return undefined
}

/** A plan's metered components; [] for a plan without any. */
export const metersOf = (plan: Plan): readonly CatalogMeter[] => plan.meters ?? []

export const catalogLookupKeys = (): string[] => PLANS.flatMap((plan) => plan.prices.map((p) => p.lookupKey))

/** The Stripe product id `npm run stripe:sync` gives a plan; Stripe accepts ids chosen by the caller. */
export const productIdFor = (plan: Pick<Plan, 'key'>): string => `tollgate_${plan.key}`

/** The plan a subscription's price belongs to: by its lookup key, else by its product (older prices). */
export function planFor(price: { lookupKey?: string | null; productId?: string | null }): Plan | undefined {
  return (price.lookupKey ? findPrice(price.lookupKey)?.plan : undefined) ?? PLANS.find((plan) => productIdFor(plan) === price.productId)
}

/**
 * Billing credit sold in packs, paid once through Checkout (lib/usage/buy-credits.ts): the customer pays `amount`
 * and receives `credit` of paid credit, which metered invoices draw on before the card. Sold with `price_data`, so
 * there is nothing to sync to Stripe.
 */
export type CreditPack = { key: string; name: string; amount: number; credit: number; currency: string }

export const CREDIT_PACKS: readonly CreditPack[] = [
  { key: 'credits_10', name: '$10 of usage credit', amount: 1000, credit: 1000, currency: 'usd' },
  { key: 'credits_50', name: '$50 of usage credit', amount: 5000, credit: 5000, currency: 'usd' },
]

export const findCreditPack = (key: string): CreditPack | undefined => CREDIT_PACKS.find((pack) => pack.key === key)
