/**
 * Everything a student's session holds registers a reset here; the idle timeout and
 * "start over" run them all, so the wipe reaches every store and form, not just the route.
 */
const resets = new Set<() => void>();

export function onSessionWipe(reset: () => void): () => void {
  resets.add(reset);
  return () => resets.delete(reset);
}

export function runSessionWipes(): void {
  for (const reset of resets) reset();
}
