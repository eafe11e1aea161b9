import { Container } from '@/components/ui/container'
import { SectionHeading } from './section-heading'

const steps = [
  { name: 'Stripe', body: 'A customer pays in Checkout or changes plan in the portal.' },
  { name: 'Webhook', body: 'Stripe sends a signed event; its signature is verified.' },
  { name: 'Ledger', body: 'The event is recorded before any work starts.' },
  { name: 'Inngest', body: 'A retry-safe function provisions the change.' },
  { name: 'Prisma', body: 'Subscription and entitlements land in your database.' },
] as const

function Arrow() {
  return (
    <svg
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className="size-4 rotate-90 text-zinc-400 lg:rotate-0 dark:text-zinc-600"
    >
      <path d="M3 8h10M9 4l4 4-4 4" />
    </svg>
  )
}

export function HowItWorks() {
  return (
    <section
      aria-labelledby="how-heading"
      className="border-y border-zinc-200 bg-zinc-50 py-20 sm:py-24 dark:border-zinc-800 dark:bg-zinc-900/40"
    >
      <Container>
        <SectionHeading id="how-heading" eyebrow="How it works" title="One path from payment to access">
          Each step hands off to the next and leaves a record, so a failure is retried rather than lost.
        </SectionHeading>
        <ol className="mt-12 flex flex-col items-stretch gap-2 lg:flex-row lg:items-stretch">
          {steps.map((step, index) => (
            <li key={step.name} className="flex flex-col items-center gap-2 lg:flex-1 lg:flex-row">
              <div className="w-full flex-1 self-stretch rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-950">
                <p className="flex items-baseline gap-2">
                  <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{`0${index + 1}`}</span>
                  <span className="font-mono text-sm font-semibold text-zinc-950 dark:text-white">{step.name}</span>
                </p>
                <p className="mt-2 text-sm leading-6 text-zinc-600 dark:text-zinc-400">{step.body}</p>
              </div>
              {index < steps.length - 1 ? <Arrow /> : null}
            </li>
          ))}
        </ol>
      </Container>
    </section>
  )
}
