import localFont from 'next/font/local'

/**
 * Geist, subset to Latin (app/fonts/README.md): 31 kB instead of the package's 68 kB, since the font is what
 * Lighthouse's throttled LCP waited on. `optional`: a preloaded font that arrives within the first ~100 ms is used;
 * on a slow first visit the page keeps the size-adjusted fallback instead of re-painting, and the cached font is
 * used from the next page on. Measured: performance 98–100 on /, /pricing and /sign-in (docs/benchmarks.md).
 */
export const geistSans = localFont({
  src: './fonts/geist-sans-latin.woff2',
  variable: '--font-geist-sans',
  weight: '100 900',
  display: 'optional',
  preload: true,
  adjustFontFallback: 'Arial',
})
