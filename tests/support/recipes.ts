// Applies the recipes in docs/recipes/ to an in-memory copy of the repository and typechecks the result, so a recipe
// that stops compiling fails the suite (tests/docs/recipes.test.ts). A recipe marks the code a reader pastes:
//
//   ```ts file=inngest/send-weekly-report.ts                      a new file, exactly this text
//   ```ts file=inngest/functions.ts after="  pruneLedgerPayloads,"   these lines after the first line holding the text
//   ```ts file=inngest/functions.ts before="export const functions"  … or before it
//
// Any other code block is an excerpt: its imports must resolve to modules that export what it names.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

export type CodeBlock = { lang: string; code: string; file?: string; after?: string; before?: string; in?: string; line: number }

/** The fenced code blocks of a Markdown text, with the `key=value` / `key="value"` attributes of their info string. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)(.*)$/.exec(lines[i]!)
    if (!open) continue
    const [, indent = '', lang = '', info = ''] = open
    const attributes = Object.fromEntries([...info.matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)].map(([, key, quoted, bare]) => [key, quoted?.replace(/\\"/g, '"') ?? bare]))
    const body: string[] = []
    const start = i + 1
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) body.push(lines[i]!.startsWith(indent) ? lines[i]!.slice(indent.length) : lines[i]!)
    blocks.push({ lang, code: body.join('\n'), line: start, ...attributes })
  }
  return blocks
}

/**
 * The repository's files after the recipe's edits, as path → text, on top of `files` (other recipes' edits); an edit
 * whose place is not found throws.
 */
export function applyRecipe(root: string, blocks: readonly CodeBlock[], files = new Map<string, string>()): Map<string, string> {
  for (const block of blocks) {
    if (!block.file) continue
    const current = files.get(block.file) ?? (existsSync(join(root, block.file)) ? readFileSync(join(root, block.file), 'utf8') : undefined)
    const marker = block.after ?? block.before
    if (marker === undefined) {
      files.set(block.file, `${block.code}\n`)
      continue
    }
    if (current === undefined) throw new Error(`line ${block.line}: ${block.file} does not exist`)
    const lines = current.split('\n')
    const at = lines.findIndex((line) => line.includes(marker))
    if (at < 0) throw new Error(`line ${block.line}: no line of ${block.file} holds ${JSON.stringify(marker)}`)
    lines.splice(block.after !== undefined ? at + 1 : at, 0, ...block.code.split('\n'))
    files.set(block.file, lines.join('\n'))
  }
  return files
}

/** The imports of an excerpt, as a file of their own, so the compiler checks each module and name exists. */
export function importsOf(code: string): string {
  const source = ts.createSourceFile('excerpt.tsx', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  return source.statements
    .filter(ts.isImportDeclaration)
    .map((statement) => statement.getText(source))
    .join('\n')
}

/**
 * Type errors in `changed` files (path → text, over the repository) and in every file that imports one of them,
 * as `path:line message`. The whole program is built (so types flow as in `tsc`), but only those files are checked.
 */
export function typeErrors(root: string, changed: ReadonlyMap<string, string>, importersOf: (file: string) => readonly string[]) {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), { incremental: false, noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
  if (!config) throw new Error('tsconfig.json could not be read')
  const overlay = new Map([...changed].map(([file, text]) => [resolve(root, file), text]))
  const host = ts.createCompilerHost(config.options)
  const readFile = host.readFile.bind(host)
  const fileExists = host.fileExists.bind(host)
  const getSourceFile = host.getSourceFile.bind(host)
  host.readFile = (file) => overlay.get(resolve(file)) ?? readFile(file)
  host.fileExists = (file) => overlay.has(resolve(file)) || fileExists(file)
  host.getSourceFile = (file, language, onError, fresh) => {
    const text = overlay.get(resolve(file))
    return text === undefined ? getSourceFile(file, language, onError, fresh) : ts.createSourceFile(file, text, language)
  }
  const rootNames = [...new Set([...config.fileNames, ...overlay.keys()])]
  const program = ts.createProgram({ rootNames, options: config.options, host })
  const checked = new Set([...changed.keys()].flatMap((file) => [file, ...importersOf(file)]))
  const errors: string[] = []
  for (const file of checked) {
    const source = program.getSourceFile(resolve(root, file))
    if (!source) continue
    for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
      errors.push(`${relative(root, source.fileName)}:${line + 1} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`)
    }
  }
  return errors
}

/** Repository paths a recipe names in backticks or links, which must exist (or be made by the recipe itself). */
export function namedPaths(markdown: string, recipePath: string, root: string): string[] {
  const paths = new Set<string>()
  for (const [, path] of markdown.matchAll(/`((?:app|lib|inngest|components|tests|scripts|bench|sandbox|prisma|docs)\/[\w./[\]()-]+\.(?:ts|tsx|mjs|md|prisma|json|sh))`/g)) paths.add(path!)
  for (const [, link] of markdown.matchAll(/\]\((\.{1,2}\/[^)#\s]+)/g)) paths.add(relative(root, resolve(dirname(join(root, recipePath)), link!)))
  return [...paths]
}
