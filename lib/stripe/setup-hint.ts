// Shown wherever a Stripe feature is used before Stripe is connected: on the pricing and billing pages, in the
// checkout and portal actions' answers, and by `npm run stripe:sync`. The URLs are the app's own (APP_URL, which
// follows PORT), so every command can be pasted as it is.
import { env } from '@/lib/env'

export type SetupStep = { text: string; command?: string }

/**
 * Every step from no Stripe account to webhooks running jobs. `forSync` leaves out the step of running
 * `npm run stripe:sync`, for that command's own message.
 */
export function stripeSetupSteps({ forSync = false }: { forSync?: boolean } = {}): SetupStep[] {
  const appUrl = env().APP_URL
  return [
    { text: 'Set STRIPE_SECRET_KEY in .env.local to a test secret key (Stripe Dashboard → Developers → API keys, sk_test_…).' },
    ...(forSync ? [] : [{ text: 'Create the plans of lib/billing/catalog.ts in Stripe:', command: 'npm run stripe:sync' }]),
    {
      text: 'Forward Stripe’s events to the app, exactly the types it handles (npm run stripe:events lists them):',
      command: `stripe listen --forward-to ${appUrl}/api/webhooks/stripe $(npm run -s stripe:events -- --cli)`,
    },
    { text: 'Copy the webhook signing secret stripe listen prints (whsec_…) into STRIPE_WEBHOOK_SECRET in .env.local, then restart the app.' },
    { text: 'Run the Inngest dev server, which runs the jobs those events start:', command: `npx inngest-cli@latest dev -u ${appUrl}/api/inngest` },
  ]
}

/**
 * The steps as one message, for places that show a single message (an action's error): a line each, every command
 * on a line of its own, so a page that keeps the line breaks (ActionForm, ActionError) shows them as a list.
 */
export function stripeNotConnected(options?: { forSync?: boolean }): string {
  const steps = stripeSetupSteps(options).map((step, i) => `${i + 1}. ${step.text}${step.command ? `\n   ${step.command}` : ''}`)
  return [
    'Payments are not connected yet: STRIPE_SECRET_KEY is not set on this server.',
    'To try billing without an account, run npm run dev with no STRIPE_SECRET_KEY: it starts a local Stripe sandbox.',
    'To connect Stripe:',
    ...steps,
  ].join('\n')
}
