import Link from 'next/link'
import { Container } from '@/components/ui/container'
import { LogoMark } from '@/components/ui/logo-mark'
import { DOCS_URL, LICENSE_URL, REPO_URL } from './site-links'

const footerLink =
  'rounded-sm text-sm text-zinc-600 transition-colors hover:text-zinc-950 dark:text-zinc-400 dark:hover:text-white ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:focus-visible:outline-brand-400'

export function SiteFooter() {
  return (
    <footer className="border-t border-zinc-200 dark:border-zinc-800">
      <Container className="flex flex-col gap-6 py-10 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex items-center gap-3">
          <LogoMark className="size-6 shrink-0" />
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            © {new Date().getFullYear()} Tollgate. Released under the{' '}
            <a
              href={LICENSE_URL}
              className={`${footerLink} font-medium text-zinc-900 underline underline-offset-4 dark:text-zinc-100`}
            >
              MIT licence
            </a>
            .
          </p>
        </div>
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-x-6 gap-y-3">
            <li>
              <Link href="/pricing" className={footerLink}>
                Pricing
              </Link>
            </li>
            <li>
              <a href={DOCS_URL} className={footerLink}>
                Docs
              </a>
            </li>
            <li>
              <a href={REPO_URL} className={footerLink}>
                Source on GitHub
              </a>
            </li>
            <li>
              {/* Not prefetched: for a visitor the prefetch only fetches the redirect to sign in (and then that page); for a
                  signed-in user it would render the billing page, with its Stripe state, on every page view. */}
              <Link href="/billing" prefetch={false} className={footerLink}>
                Billing
              </Link>
            </li>
          </ul>
        </nav>
      </Container>
    </footer>
  )
}
