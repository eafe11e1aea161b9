// npm run stripe:contract — writes, from the installed `stripe` package, sandbox/stripe/contract/
//  - stripe-contract.generated.json: every v1 endpoint, its parameters at every depth (decision 0039 explains it);
//  - stripe-event-objects.generated.json: for every event type, a complete object of the type it carries, which
//    `double.emit(type, overrides)` sends (scripts/stripe-contract/event-objects.ts).
// Rerun it after bumping the SDK and commit the result; `npm run stripe:contract -- --check` (and tests) fail while a
// checked-in file is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CONTRACT_FILE } from '@/sandbox/stripe/contract/contract'
import { EVENT_OBJECTS_FILE } from '@/sandbox/stripe/contract/event-objects'
import { generateEventObjects, serializeEventObjects } from './stripe-contract/event-objects'
import { generateContract, serializeContract } from './stripe-contract/generate'

const started = Date.now()
const contract = generateContract()
const contractText = serializeContract(contract)
const eventObjects = generateEventObjects()
const eventObjectsText = serializeEventObjects(eventObjects)
const outputs = [
  {
    file: fileURLToPath(CONTRACT_FILE),
    text: contractText,
    summary: `${Object.keys(contract.endpoints).length} endpoints, ${Object.keys(contract.definitions).length} shared definitions, ${(contractText.length / 1024).toFixed(0)} KB`,
  },
  {
    file: fileURLToPath(EVENT_OBJECTS_FILE),
    text: eventObjectsText,
    summary: `${Object.keys(eventObjects.events).length} event types, ${Object.keys(eventObjects.objects).length} object types, ${(eventObjectsText.length / 1024).toFixed(0)} KB`,
  },
]
const version = `stripe ${contract.sdkVersion}, API ${contract.apiVersion}, in ${Date.now() - started} ms`

const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return '' // A missing file is stale too.
  }
}

if (process.argv.includes('--check')) {
  const stale = outputs.filter((output) => read(output.file) !== output.text)
  for (const { file } of stale) console.error(`${file} is stale: it does not match stripe ${contract.sdkVersion}. Run npm run stripe:contract and commit the result.`)
  if (stale.length > 0) process.exit(1)
  console.log(`The Stripe contract is up to date: ${outputs.map((output) => output.summary).join('; ')} (${version}).`)
} else {
  for (const { file, text, summary } of outputs) {
    writeFileSync(file, text)
    console.log(`Wrote ${file}: ${summary} (${version}).`)
  }
}
