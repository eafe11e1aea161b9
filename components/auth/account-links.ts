/** The signed-in user's pages, as the header shows them (inline on wide screens, in the menu on narrow ones). Add yours here. */
export const ACCOUNT_LINKS = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/billing', label: 'Billing' },
  { href: '/settings', label: 'Settings' },
] as const

/** Shown to operators only (ADMIN_EMAILS): the operator console. */
export const OPERATOR_LINK = { href: '/admin', label: 'Admin' } as const
