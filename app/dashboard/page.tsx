import type { Metadata } from 'next'
import { Container } from '@/components/ui/container'
import { requireUser } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Dashboard' }

export default async function DashboardPage() {
  const user = await requireUser('/dashboard')
  return (
    <Container className="py-12">
      <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Dashboard</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">Signed in as {user.email}.</p>
    </Container>
  )
}
