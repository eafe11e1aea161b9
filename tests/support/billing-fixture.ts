// One Stripe double per test file, wired into the app through STRIPE_SECRET_KEY and STRIPE_API_URL before any
// app module reads its configuration, plus the catalog synced into it.
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'

export async function startBillingFixture(options: { webhookUrl?: string; autoDeliver?: boolean } = {}): Promise<StripeDouble> {
  const double = await startStripeDouble({ autoDeliver: false, ...options })
  process.env.STRIPE_SECRET_KEY = 'sk_test_tollgate'
  process.env.STRIPE_API_URL = double.url
  process.env.STRIPE_WEBHOOK_SECRET = double.webhookSecret
  // Background work at test mode's full 25 requests/s (the app's throttle), so suites are not paced at 15/s.
  process.env.STRIPE_BACKGROUND_REQUESTS_PER_SECOND ??= '25'
  return double
}

/** The redirect a server action or page answered with (Next throws it as an error with a digest). */
export function redirectTarget(error: unknown): string | null {
  const digest = (error as { digest?: unknown } | null)?.digest
  if (typeof digest !== 'string' || !digest.startsWith('NEXT_REDIRECT')) return null
  return digest.split(';')[2] ?? null
}

export async function redirectOf(run: () => Promise<unknown>): Promise<string> {
  try {
    const result = await run()
    throw new Error(`expected a redirect, got ${JSON.stringify(result)}`)
  } catch (error) {
    const target = redirectTarget(error)
    if (target === null) throw error
    return target
  }
}
