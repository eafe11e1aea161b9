export type FeatureIconName = 'card' | 'shield' | 'repeat' | 'braces' | 'database'

// Stroke paths on a 24×24 grid; every icon is decorative, the card heading names the feature.
const paths: Record<FeatureIconName, string[]> = {
  card: ['M3 7.5A2.5 2.5 0 0 1 5.5 5h13A2.5 2.5 0 0 1 21 7.5v9a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 16.5z', 'M3 10h18', 'M7 15h3'],
  shield: ['M12 3 5 6v5c0 4.4 3 8.3 7 10 4-1.7 7-5.6 7-10V6z', 'm9 12 2 2 4-4'],
  repeat: ['M17 2.5 20.5 6 17 9.5', 'M3.5 11V9.5A3.5 3.5 0 0 1 7 6h13.5', 'M7 21.5 3.5 18 7 14.5', 'M20.5 13v1.5A3.5 3.5 0 0 1 17 18H3.5'],
  braces: ['M8 3H7a2 2 0 0 0-2 2v4a2 2 0 0 1-2 2v2a2 2 0 0 1 2 2v4a2 2 0 0 0 2 2h1', 'M16 3h1a2 2 0 0 1 2 2v4a2 2 0 0 0 2 2v2a2 2 0 0 0-2 2v4a2 2 0 0 1-2 2h-1'],
  database: ['M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3z', 'M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6', 'M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3'],
}

export function FeatureIcon({ name, className }: { name: FeatureIconName; className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={className}
    >
      {paths[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  )
}
