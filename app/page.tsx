import { FeatureGrid } from '@/components/marketing/feature-grid'
import { Hero } from '@/components/marketing/hero'
import { HowItWorks } from '@/components/marketing/how-it-works'
import { getCurrentUser } from '@/lib/auth/session'

export default async function HomePage() {
  const user = await getCurrentUser()
  return (
    <>
      <Hero signedIn={user !== null} />
      <FeatureGrid />
      <HowItWorks />
    </>
  )
}
