'use client'
import dynamic from 'next/dynamic'

// The header's organization select in a chunk of its own: only a signed-in user's page renders it and fetches its
// code; the layout's scripts, which every visitor loads, do not carry it (decision 0058).
export const OrganizationSelect = dynamic(() => import('./organization-select').then((m) => m.OrganizationSelect))
