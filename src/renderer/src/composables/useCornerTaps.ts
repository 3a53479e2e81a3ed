/**
 * The hidden staff gesture: `count` taps within `windowMs` (FreeKiosk's pattern: five taps in
 * a corner, then a PIN). Nothing visible a student could wander into.
 */
export function useCornerTaps(onGesture: () => void, count = 5, windowMs = 3000) {
  let taps: number[] = [];
  return function tap(): void {
    const now = Date.now();
    taps = [...taps.filter((t) => now - t < windowMs), now];
    if (taps.length >= count) {
      taps = [];
      onGesture();
    }
  };
}
