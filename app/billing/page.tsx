import type { Metadata } from 'next'
import { Container } from '@/components/ui/container'
import { requireUser } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Billing' }

export default async function BillingPage() {
  const user = await requireUser('/billing')
  return (
    <Container className="py-12">
      <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Billing</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">Billing for {user.email}.</p>
    </Container>
  )
}
