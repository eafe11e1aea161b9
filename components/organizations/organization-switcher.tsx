import { getCurrentUser } from '@/lib/auth/session'
import { db } from '@/lib/db'
import { getActiveOrganization } from '@/lib/organizations/active-organization'
import { switchActiveOrganization } from '@/lib/organizations/actions'
import { OrganizationSelect } from './organization-select'

/** The header's organization switcher: only for a signed-in user, listing the organizations they belong to. */
export async function OrganizationSwitcher() {
  const user = await getCurrentUser()
  if (!user) return null
  const active = await getActiveOrganization(user)
  const memberships = await db.membership.findMany({
    where: { userId: user.id },
    select: { organization: { select: { id: true, name: true, personalOwnerId: true } } },
    orderBy: { createdAt: 'asc' },
  })
  const options = memberships.map(({ organization }) => ({ id: organization.id, name: organization.personalOwnerId === user.id ? `${organization.name} (personal)` : organization.name }))
  return <OrganizationSelect action={switchActiveOrganization} activeId={active.id} options={options} />
}
