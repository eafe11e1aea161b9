import Link from 'next/link'
import { buttonClasses } from '@/components/ui/button'
import { Container } from '@/components/ui/container'

/** `signedIn` swaps the way in for the way back: the dashboard. */
export function Hero({ signedIn }: { signedIn: boolean }) {
  return (
    <section aria-labelledby="hero-heading" className="relative">
      {/* Kept to a 1px line above the text: a gradient behind the copy would make its contrast unmeasurable. */}
      <div
        aria-hidden="true"
        className="absolute inset-x-0 top-0 h-px bg-linear-to-r from-transparent via-brand-500 to-transparent"
      />
      <Container className="flex flex-col items-center pt-16 pb-4 text-center sm:pt-24 sm:pb-8">
        <p className="rounded-full border border-zinc-200 bg-white px-3 py-1 text-xs font-medium text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300">
          Open source · MIT licence · Next.js starter
        </p>
        <h1
          id="hero-heading"
          className="mt-6 max-w-3xl text-4xl font-semibold tracking-tight text-balance text-zinc-950 sm:text-6xl dark:text-white"
        >
          Stripe billing for your SaaS, <span className="text-brand-600 dark:text-brand-400">done right.</span>
        </h1>
        <p className="mt-6 max-w-2xl text-lg text-pretty text-zinc-600 dark:text-zinc-400">
          Tollgate is a Next.js starter that takes a customer from Stripe Checkout to a provisioned plan, with
          verified webhooks and idempotent jobs in between.
        </p>
        <div className="mt-10 flex w-full flex-col items-stretch gap-3 sm:w-auto sm:flex-row sm:items-center">
          <Link href="/pricing" className={buttonClasses({ size: 'lg' })}>
            See pricing
          </Link>
          <Link href={signedIn ? '/dashboard' : '/sign-in'} className={buttonClasses({ variant: 'secondary', size: 'lg' })}>
            {signedIn ? 'Go to your dashboard' : 'Sign in'}
          </Link>
        </div>
      </Container>
    </section>
  )
}
