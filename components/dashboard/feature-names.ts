import type { Feature } from '@/lib/billing/catalog'

/** How the dashboard names each feature of the catalog; a new Feature fails the typecheck until it is named here. */
export const FEATURE_NAMES: Record<Feature, string> = {
  projects: 'Projects',
  reports: 'Revenue reports',
  api_access: 'API access',
  priority_support: 'Priority support',
}
