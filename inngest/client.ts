// The client lives in lib (lib/inngest/client.ts) because lib sends events with it; the functions here import it
// from this folder, beside them, as the house layout says (inngest/ holds the client and one file per function).
export { inngest, inngestOptions, inngestServeOptions, INNGEST_SERVE_PATH } from '@/lib/inngest/client'
