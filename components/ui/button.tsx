import type { ComponentProps } from 'react'
import { cx } from './cx'

export type ButtonVariant = 'primary' | 'secondary' | 'ghost'
export type ButtonSize = 'sm' | 'md' | 'lg'

const base =
  'inline-flex items-center justify-center gap-2 rounded-lg font-medium whitespace-nowrap transition-colors ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:focus-visible:outline-brand-400 ' +
  'disabled:pointer-events-none disabled:opacity-60'

const variants: Record<ButtonVariant, string> = {
  primary: 'bg-brand-600 text-white shadow-sm hover:bg-brand-700 dark:hover:bg-brand-500',
  secondary:
    'bg-white text-zinc-900 ring-1 ring-zinc-300 ring-inset shadow-sm hover:bg-zinc-50 ' +
    'dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-800',
  ghost: 'text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white',
}

const sizes: Record<ButtonSize, string> = {
  sm: 'h-9 px-3 text-sm',
  md: 'h-10 px-4 text-sm',
  lg: 'h-12 px-6 text-base',
}

export type ButtonClassOptions = { variant?: ButtonVariant; size?: ButtonSize; className?: string }

/** Button styling without the element, so a `<Link>` can look exactly like a `<Button>`. */
export function buttonClasses({ variant = 'primary', size = 'md', className }: ButtonClassOptions = {}): string {
  return cx(base, variants[variant], sizes[size], className)
}

export type ButtonProps = ComponentProps<'button'> & Omit<ButtonClassOptions, 'className'>

export function Button({ variant, size, className, type = 'button', ...props }: ButtonProps) {
  return <button type={type} className={buttonClasses({ variant, size, className })} {...props} />
}
