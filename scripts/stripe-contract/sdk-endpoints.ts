// Finds every v1 endpoint the pinned `stripe` package can call: the resource classes reachable from the `Stripe`
// class (`billingPortal.configurations`, …), and for each method the HTTP method and path it passes to
// `this._makeRequest` in the compiled JavaScript beside its .d.ts.
import { readFileSync } from 'node:fs'
import ts from 'typescript'

export type SdkMethod = {
  /** `subscriptions.update` */
  sdkName: string
  httpMethod: string
  /** `/v1/subscriptions/:id`, path arguments in snake_case as the sandbox router writes them. */
  path: string
  /** The method's declaration in the .d.ts, whose `params` parameter carries the request type. */
  declaration: ts.MethodDeclaration
}

export function findSdkMethods(checker: ts.TypeChecker, stripeClass: ts.ClassDeclaration): SdkMethod[] {
  const methods: SdkMethod[] = []
  const requestsByFile = new Map<string, Map<string, Request>>()
  for (const { name, declaration } of resourceClasses(checker, checker.getTypeAtLocation(stripeClass), '')) {
    const jsFile = declaration.getSourceFile().fileName.replace(/\.d\.ts$/, '.js')
    let requests = requestsByFile.get(jsFile)
    if (!requests) {
      requests = compiledRequests(jsFile)
      requestsByFile.set(jsFile, requests)
    }
    for (const member of declaration.members) {
      if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue
      const request = requests.get(`${declaration.name?.text}.${member.name.text}`)
      // Methods that send nothing (helpers) or leave /v1 (OAuth on connect.stripe.com, the v2 JSON API) are not
      // form-encoded v1 requests, the only kind the sandbox's door reads.
      if (!request || !request.path.startsWith('/v1/')) continue
      methods.push({ sdkName: `${name}.${member.name.text}`, httpMethod: request.method, path: request.path, declaration: member })
    }
  }
  return methods
}

function* resourceClasses(checker: ts.TypeChecker, owner: ts.Type, prefix: string): Generator<{ name: string; declaration: ts.ClassDeclaration }> {
  const properties = [...owner.getProperties()].sort((a, b) => a.name.localeCompare(b.name))
  for (const property of properties) {
    const declaration = checker.getTypeOfSymbol(property).getSymbol()?.declarations?.[0]
    if (!declaration || !ts.isClassDeclaration(declaration)) continue
    if (!declaration.getSourceFile().fileName.includes('/resources/')) continue
    const name = `${prefix}${property.name}`
    if (extendsStripeResource(declaration)) yield { name, declaration }
    // A namespace such as `billingPortal` holds resources of its own; `v2` is skipped below by its paths.
    else yield* resourceClasses(checker, checker.getTypeOfSymbol(property), `${name}.`)
  }
}

function extendsStripeResource(declaration: ts.ClassDeclaration): boolean {
  return Boolean(
    declaration.heritageClauses?.some((clause) => clause.types.some((type) => type.expression.getText() === 'StripeResource')),
  )
}

type Request = { method: string; path: string }

/** `ClassName.method` → the request its body sends, read from the compiled JavaScript. */
function compiledRequests(jsFile: string): Map<string, Request> {
  const source = ts.createSourceFile(jsFile, readFileSync(jsFile, 'utf8'), ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS)
  const requests = new Map<string, Request>()
  for (const statement of source.statements) {
    if (!ts.isClassDeclaration(statement) || !statement.name) continue
    for (const member of statement.members) {
      if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name) || !member.body) continue
      const request = findMakeRequest(member.body)
      if (request) requests.set(`${statement.name.text}.${member.name.text}`, request)
    }
  }
  return requests
}

function findMakeRequest(node: ts.Node): Request | undefined {
  if (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === '_makeRequest'
  ) {
    const [method, path] = node.arguments
    if (method && ts.isStringLiteral(method) && path) {
      const template = pathTemplate(path)
      if (template) return { method: method.text, path: template }
    }
  }
  return ts.forEachChild(node, findMakeRequest)
}

/** `/v1/customers/${encodeURIComponent(customerId)}/balance` → `/v1/customers/:customer_id/balance`. */
function pathTemplate(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (!ts.isTemplateExpression(node)) return undefined
  let path = node.head.text
  for (const span of node.templateSpans) {
    const argument = ts.isCallExpression(span.expression) ? span.expression.arguments[0] : span.expression
    if (!argument || !ts.isIdentifier(argument)) return undefined
    path += `:${snakeCase(argument.text)}${span.literal.text}`
  }
  return path
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
}
