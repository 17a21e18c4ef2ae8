// Keyboard moves of a tab bar, as the WAI-ARIA tabs pattern has them.

/**
 * The tab a key press moves to, or null when the key is not a tab move:
 * ArrowRight and ArrowLeft wrap around, Home and End go to the ends.
 */
export function tabKeyTarget(key: string, current: number, count: number): number | null {
  if (count <= 0) return null;
  const i = current >= 0 && current < count ? current : 0;
  switch (key) {
    case 'ArrowRight':
      return (i + 1) % count;
    case 'ArrowLeft':
      return (i + count - 1) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
