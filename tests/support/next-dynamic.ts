// next/dynamic as Next's own server render sees it: the component, loaded before the page is sent. Outside Next's
// bundler, next/dynamic renders its empty loading state on the server and never the component, so the plan card's
// signed-in buttons would be missing from every page a test renders, and "no Choose Pro here" would hold for any
// page. React.lazy suspends instead: renderPageFully waits for it, and the synchronous renderPage throws.
import { createElement, lazy, type ComponentType } from 'react'

type Loaded<P> = ComponentType<P> | { default: ComponentType<P> }

export default function dynamic<P extends object>(load: () => Promise<Loaded<P>>): ComponentType<P> {
  const Lazy = lazy(async () => {
    const loaded = await load()
    return { default: 'default' in loaded ? loaded.default : loaded }
  })
  return function Dynamic(props: P) {
    return createElement(Lazy as ComponentType<P>, props)
  }
}
