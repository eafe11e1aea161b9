// Renders a page's element to HTML the way Next's server render sees it: inside the App Router's context, so a
// client component calling useRouter() (a button that refreshes the page after an action) renders as it would.
import { AppRouterContext, type AppRouterInstance } from 'next/dist/shared/lib/app-router-context.shared-runtime'
import { createElement, type ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { prerender } from 'react-dom/static'

/** During a server render nothing navigates: every method is inert, as it is before hydration. */
const serverRenderRouter: AppRouterInstance = { bfcacheId: 'server-render', back() {}, forward() {}, refresh() {}, push() {}, replace() {}, prefetch() {} }

export function renderPage(page: ReactElement): string {
  return renderToStaticMarkup(createElement(AppRouterContext.Provider, { value: serverRenderRouter }, page))
}

/**
 * The same, once every lazily loaded part has rendered (React.lazy: the plan card's signed-in buttons). The sync
 * render above would leave their Suspense boundary empty, so an assertion that a button is absent would hold for any
 * page. React's comments (Suspense markers, text separators) are dropped so the HTML reads like renderPage's.
 */
export async function renderPageFully(page: ReactElement): Promise<string> {
  const { prelude } = await prerender(createElement(AppRouterContext.Provider, { value: serverRenderRouter }, page))
  return (await new Response(prelude).text()).replace(/<!--.*?-->/g, '')
}
