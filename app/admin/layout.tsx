import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import { AdminNav } from '@/components/admin/admin-nav'
import { Container } from '@/components/ui/container'
import { requireOperator } from '@/lib/operators/operators'

export const metadata: Metadata = { title: { default: 'Operator console', template: '%s · Operator console · Tollgate' }, robots: { index: false, follow: false } }

// Layouts and pages render in parallel, so this check does not protect a page: every page calls requireOperator too.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireOperator()
  return (
    <Container className="py-6 sm:py-8">
      <AdminNav />
      <div className="pt-6">{children}</div>
    </Container>
  )
}
