import type { Metadata } from 'next'
import Link from 'next/link'
import { buttonClasses } from '@/components/ui/button'
import { Container } from '@/components/ui/container'

export const metadata: Metadata = {
  title: 'Page not found',
}

export default function NotFound() {
  return (
    <Container className="flex flex-col items-center py-24 text-center sm:py-32">
      <p className="font-mono text-sm font-medium text-brand-600 dark:text-brand-400">404</p>
      <h1 className="mt-3 text-3xl font-semibold tracking-tight text-zinc-950 sm:text-4xl dark:text-white">
        Page not found
      </h1>
      <p className="mt-4 max-w-md text-base text-zinc-600 dark:text-zinc-400">
        The page you asked for does not exist or has moved.
      </p>
      <Link href="/" className={buttonClasses({ className: 'mt-8' })}>
        Back to the home page
      </Link>
    </Container>
  )
}
