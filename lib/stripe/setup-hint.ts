// Shown wherever a Stripe feature is used before Stripe is connected.
export const STRIPE_NOT_CONNECTED =
  'Payments are not connected yet. Run npm run dev for the local Stripe sandbox (no key needed), or set STRIPE_SECRET_KEY in .env.local, run npm run stripe:sync, and forward ' +
  'webhooks with: stripe listen --forward-to localhost:3000/api/webhooks/stripe'
