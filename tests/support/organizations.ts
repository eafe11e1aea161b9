// The organization side of a test user: their personal organization as the app makes it on first need. The app
// module is imported on first use, so a test file's own set-up (Stripe double, env) runs before lib/env is read.
import type { Db } from '@/lib/db'

export async function personalOrganizationOf(db: Db, user: { id: string; email?: string | null }) {
  const { ensurePersonalOrganization } = await import('@/lib/organizations/personal-organization')
  const id = await ensurePersonalOrganization(user)
  return db.organization.findUniqueOrThrow({ where: { id } })
}
