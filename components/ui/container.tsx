import type { ComponentProps } from 'react'
import { cx } from './cx'

/** The page's horizontal rhythm: one max width and gutter shared by header, sections and footer. */
export function Container({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cx('mx-auto w-full max-w-6xl px-4 sm:px-6 lg:px-8', className)} {...props} />
}
