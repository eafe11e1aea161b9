import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'
import { SiteFooter } from '@/components/layout/site-footer'
import { SiteHeader } from '@/components/layout/site-header'
import { OrganizationSwitcher } from '@/components/organizations/organization-switcher'
import { SkipLink } from '@/components/ui/skip-link'
import { getCurrentUser } from '@/lib/auth/session'
import { isOperatorEmail } from '@/lib/operators/operator-emails'
import { geistSans } from './fonts'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Tollgate', template: '%s · Tollgate' },
  description:
    'Tollgate is an open-source Stripe billing starter for SaaS: Checkout and the customer portal, verified webhooks, idempotent provisioning and typed plans on Next.js.',
}

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#09090b' },
  ],
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser()
  return (
    // data-scroll-behavior: globals.css scrolls smoothly; Next then turns it off during route changes (it warns without it).
    // break-words on the body: names and addresses people choose (an organization, an email) wrap on any page.
    <html lang="en" className={geistSans.variable} data-scroll-behavior="smooth">
      <body className="flex min-h-dvh flex-col break-words bg-white font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <SkipLink />
        <SiteHeader user={user} operator={isOperatorEmail(user?.email)} switcher={<OrganizationSwitcher />} />
        <main id="main" className="flex-1">
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  )
}
