// npm run stripe:contract — writes sandbox/stripe/contract/stripe-contract.generated.json from the installed
// `stripe` package (every v1 endpoint, its parameters at every depth). Rerun it after bumping the SDK and commit the
// result; `npm run stripe:contract -- --check` (and a test) fail while the checked-in file is stale.
// Decision 0039 explains the format.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CONTRACT_FILE } from '@/sandbox/stripe/contract/contract'
import { generateContract, serializeContract } from './stripe-contract/generate'

const started = Date.now()
const contract = generateContract()
const text = serializeContract(contract)
const file = fileURLToPath(CONTRACT_FILE)
const summary = `${Object.keys(contract.endpoints).length} endpoints, ${Object.keys(contract.definitions).length} shared definitions, ${(text.length / 1024).toFixed(0)} KB (stripe ${contract.sdkVersion}, API ${contract.apiVersion}) in ${Date.now() - started} ms`

if (process.argv.includes('--check')) {
  let current = ''
  try {
    current = readFileSync(file, 'utf8')
  } catch {
    // A missing file is stale too.
  }
  if (current !== text) {
    console.error(`${file} is stale: it does not match stripe ${contract.sdkVersion}. Run npm run stripe:contract and commit the result.`)
    process.exit(1)
  }
  console.log(`The Stripe contract is up to date: ${summary}.`)
} else {
  writeFileSync(file, text)
  console.log(`Wrote ${file}: ${summary}.`)
}
