import { Container } from '@/components/ui/container'
import { cx } from '@/components/ui/cx'
import { FeatureIcon, type FeatureIconName } from './feature-icon'
import { SectionHeading } from './section-heading'

type Feature = { icon: FeatureIconName; title: string; body: string; span: string }

// Two wide cards over three narrow ones keeps five features from leaving a hole in the grid.
const features: Feature[] = [
  {
    icon: 'card',
    title: 'Checkout & portal via server actions',
    body: 'Start Stripe Checkout and open the customer portal from server actions, so your secret key never reaches the browser.',
    span: 'lg:col-span-3',
  },
  {
    icon: 'shield',
    title: 'Verified webhooks with an event ledger',
    body: 'Every Stripe event is signature-checked, then recorded in a ledger, so you can see what arrived and what was handled.',
    span: 'lg:col-span-3',
  },
  {
    icon: 'repeat',
    title: 'Idempotent provisioning with Inngest',
    body: 'Provisioning runs as Inngest functions that are safe to retry, so a redelivered webhook never provisions twice.',
    span: 'lg:col-span-2',
  },
  {
    icon: 'braces',
    title: 'Entitlements from typed plans',
    body: 'Plans live in one typed definition and entitlement checks read from it, so a misspelt feature is a type error.',
    span: 'lg:col-span-2',
  },
  {
    icon: 'database',
    title: 'SQLite locally, PostgreSQL in production',
    body: 'Prisma uses a SQLite file for zero-setup development and PostgreSQL when you deploy.',
    span: 'sm:col-span-2 lg:col-span-2',
  },
]

export function FeatureGrid() {
  return (
    <section aria-labelledby="features-heading" className="py-20 sm:py-24">
      <Container>
        <SectionHeading id="features-heading" eyebrow="Features" title="The billing plumbing, already connected">
          Everything between a customer clicking “Subscribe” and your app knowing what they paid for.
        </SectionHeading>
        <ul className="mt-12 grid gap-4 sm:grid-cols-2 lg:grid-cols-6">
          {features.map((feature) => (
            <li
              key={feature.title}
              className={cx(
                'rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900/60',
                feature.span,
              )}
            >
              <span className="inline-flex size-10 items-center justify-center rounded-lg bg-brand-50 text-brand-600 dark:bg-brand-950 dark:text-brand-300">
                <FeatureIcon name={feature.icon} className="size-5" />
              </span>
              <h3 className="mt-4 text-base font-semibold text-zinc-950 dark:text-white">{feature.title}</h3>
              <p className="mt-2 text-sm leading-6 text-zinc-600 dark:text-zinc-400">{feature.body}</p>
            </li>
          ))}
        </ul>
      </Container>
    </section>
  )
}
