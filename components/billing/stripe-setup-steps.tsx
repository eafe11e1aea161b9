import { stripeSetupSteps } from '@/lib/stripe/setup-hint'

/** The Stripe setup steps as a numbered list, each command on its own line to copy. */
export function StripeSetupSteps() {
  return (
    <>
      <p>
        <strong className="font-semibold">Setting up?</strong> Payments are not connected yet. To try billing without an
        account, run <code className="font-mono text-xs">npm run dev</code> with no STRIPE_SECRET_KEY: it starts a local
        Stripe sandbox. To connect Stripe:
      </p>
      <ol className="mt-2 list-decimal space-y-2 pl-5">
        {stripeSetupSteps().map((step) => (
          <li key={step.text}>
            {step.text}
            {step.command && (
              <code className="mt-1 block overflow-x-auto rounded bg-white/70 px-2 py-1 font-mono text-xs whitespace-pre dark:bg-black/40">{step.command}</code>
            )}
          </li>
        ))}
      </ol>
    </>
  )
}
