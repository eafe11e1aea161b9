import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { randomBytes } from 'node:crypto'
import { RefreshWhilePending } from '@/components/billing/refresh-while-pending'
import { ClockControl } from '@/components/billing/test-clock/clock-control'
import { clockTime, ClockSummary } from '@/components/billing/test-clock/clock-summary'
import { Container } from '@/components/ui/container'
import { Notice } from '@/components/ui/notice'
import { requireUser } from '@/lib/auth/session'
import { runTestClockControl } from '@/lib/billing/test-clock/actions'
import { readClockView } from '@/lib/billing/test-clock/clock-view'
import { CLOCK_CONTROLS, describeDone, parseDone, TEST_CARD_CHOICES, targetOf, type ClockControlName } from '@/lib/billing/test-clock/controls'
import { env, isSandboxKey, testClocksOn } from '@/lib/env'
import { getActiveOrganization, NOT_ALLOWED } from '@/lib/organizations/active-organization'
import { can } from '@/lib/organizations/roles'
import { requireStripe } from '@/lib/stripe/client'

export const metadata: Metadata = { title: 'Test clock' }

const heading = 'text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white'
const list = 'mt-3 divide-y divide-zinc-200 rounded-2xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900'

/**
 * Time travel for the active organization's billing (decision 0053): only where test clocks are on (the local sandbox,
 * or STRIPE_TEST_CLOCKS=true with a test key; never in a deployment). Every button is a Stripe request on the
 * customer's test clock or payment method; the app learns what happened from Stripe's webhooks, as it would in
 * production.
 */
export default async function TestClockPage({ searchParams }: { searchParams?: Promise<Record<string, string | string[] | undefined>> } = {}) {
  const config = env()
  if (!testClocksOn(config)) notFound()
  const user = await requireUser('/billing/test-clock')
  const organization = await getActiveOrganization(user)
  if (!can(organization.role, 'manage_billing')) return <Shell><Notice className="mt-8" alert>{NOT_ALLOWED.manage_billing}</Notice></Shell>
  if (!organization.stripeCustomerId) {
    return (
      <Shell>
        <Notice className="mt-8">
          {organization.name} has no Stripe customer yet. <Link href="/pricing" className="font-medium underline">Choose a plan</Link>: the customer is created on a test clock of its own, which this page then moves.
        </Notice>
      </Shell>
    )
  }
  const view = await readClockView(requireStripe(), organization.stripeCustomerId)
  if (!view) {
    return (
      <Shell>
        <Notice className="mt-8">{organization.name}’s Stripe customer was created before test clocks were on, so it lives on real time and nothing here can move it.</Notice>
      </Shell>
    )
  }
  const nonce = randomBytes(16).toString('base64url')
  const done = parseDone((await searchParams) ?? {})
  const advances = (Object.keys(CLOCK_CONTROLS) as ClockControlName[]).filter((name) => {
    const control = CLOCK_CONTROLS[name]
    return control.kind !== 'card' && targetOf(control, view) !== null
  })
  const cards = (Object.keys(CLOCK_CONTROLS) as ClockControlName[]).flatMap((name) => {
    const control = CLOCK_CONTROLS[name]
    return control.kind === 'card' ? [{ name, ...TEST_CARD_CHOICES[control.card] }] : []
  })
  const sandboxControls = isSandboxKey(config.STRIPE_SECRET_KEY) && config.STRIPE_API_URL ? `${config.STRIPE_API_URL.replace(/\/+$/, '')}/sandbox` : null

  return (
    <Shell>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        Move {organization.name}’s billing through time on its Stripe test clock. Each button is a Stripe API request, as on a test account; the app hears what happened through
        webhooks, like any other change.
      </p>
      {view.clock.status === 'advancing' && <RefreshWhilePending everyMs={2000} />}
      {done && (
        <div role="status" className="mt-6">
          <Notice tone="success">{describeDone(done, view.clock, clockTime)}</Notice>
        </div>
      )}
      <div className="mt-8">
        <ClockSummary view={view} organizationName={organization.name} />
      </div>

      <h2 className="mt-10 text-lg font-semibold text-zinc-900 dark:text-white">Move time</h2>
      {advances.length === 0 ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">Nothing is due on a {view.subscription?.status ?? 'missing'} subscription; the clock can still advance a day.</p>
      ) : null}
      <div className={list}>
        {(advances.length > 0 ? advances : (['day'] as ClockControlName[])).map((name) => {
          const control = CLOCK_CONTROLS[name]
          return 'label' in control ? <ClockControl key={name} action={runTestClockControl} control={name} nonce={nonce} label={control.label} note={control.note} /> : null
        })}
      </div>

      <h2 className="mt-10 text-lg font-semibold text-zinc-900 dark:text-white">Payment method</h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Stripe’s test cards, made the customer’s default as the portal does. The next charge uses it.</p>
      <div className={list}>
        {cards.map((card) => (
          <ClockControl key={card.name} action={runTestClockControl} control={card.name} nonce={nonce} label={card.label} note={card.note} />
        ))}
      </div>

      <div className="mt-10 flex flex-col gap-2 text-sm">
        <Link href="/billing" className="font-medium text-brand-700 underline dark:text-brand-300">
          Back to billing: {organization.name}’s plan, invoices and dates, on this clock
        </Link>
        {sandboxControls && (
          <a href={sandboxControls} className="font-medium text-brand-700 underline dark:text-brand-300">
            The sandbox’s own controls: bank debits, and subscriptions not on a clock
          </a>
        )}
      </div>
    </Shell>
  )
}

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <Container className="max-w-2xl py-12">
      <h1 className={heading}>Test clock</h1>
      {children}
    </Container>
  )
}
