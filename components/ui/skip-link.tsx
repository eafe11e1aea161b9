/** Hidden until focused, so keyboard users can jump past the header straight to the page content. */
export function SkipLink({ href = '#main' }: { href?: string }) {
  return (
    <a
      href={href}
      className={
        'sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-lg ' +
        'focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-zinc-900 focus:shadow-lg ' +
        'focus:outline-2 focus:outline-offset-2 focus:outline-brand-600 ' +
        'dark:focus:bg-zinc-900 dark:focus:text-white dark:focus:outline-brand-400'
      }
    >
      Skip to content
    </a>
  )
}
