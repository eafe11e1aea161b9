import type { ComponentProps } from 'react'

/** The Tollgate mark (a boom barrier). Decorative: the wordmark text beside it carries the name. */
export function LogoMark(props: ComponentProps<'svg'>) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" {...props}>
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      <path
        d="M11 8.5v15M7.5 23.5h7M11 13h13.5"
        fill="none"
        stroke="#fff"
        strokeWidth="3"
        strokeLinecap="round"
      />
    </svg>
  )
}
