import localFont from 'next/font/local'

/**
 * Geist, subset to Latin (app/fonts/README.md): 31 kB instead of the package's 68 kB. `optional` and not preloaded
 * (decision 0057): Chromium holds the first paint of a page that preloads an `optional` font until the font arrives,
 * so a preloaded Geist put its 31 kB in front of every page's largest paint. Unpreloaded, the page paints at once
 * with the size-adjusted fallback; a font that arrives within ~100 ms is used, and the cached font on the next page.
 */
export const geistSans = localFont({
  src: './fonts/geist-sans-latin.woff2',
  variable: '--font-geist-sans',
  weight: '100 900',
  display: 'optional',
  preload: false,
  adjustFontFallback: 'Arial',
})
