import { edgesOf, readModules } from './module-graph'

/** The folders whose modules make up the app; generated code and the bench's throwaway Next apps are not ours. */
export const HOUSE_FOLDERS = ['app', 'lib', 'inngest', 'components', 'bench', 'scripts'] as const
const SKIPPED = ['lib/db/generated', 'bench/next-noop', 'bench/next-app']

/** Every module of the house folders and the house modules it imports (tests/support/module-graph.ts reads them). */
export function houseImportGraph(root: string): Map<string, string[]> {
  const read = HOUSE_FOLDERS.map((folder) => readModules(root, folder, SKIPPED))
  return edgesOf(
    read.flatMap((folder) => folder.files),
    read.flatMap((folder) => folder.imports),
  )
}

/** Imports that run against the house's direction: lib is imported by app/ and inngest/, never the other way. */
export function backArrows(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const arrows: string[] = []
  for (const [file, targets] of edges) {
    if (!file.startsWith('lib/')) continue
    for (const target of targets) if (target.startsWith('inngest/') || target.startsWith('app/')) arrows.push(`${file} → ${target}`)
  }
  return arrows.sort()
}
