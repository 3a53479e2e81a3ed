/**
 * Good and bad scan sounds (DESIGN.md §3.7), synthesised with WebAudio: no sound files. A good
 * scan is one short high beep, a bad one two low buzzes. Quiet on purpose: a counter has queues.
 * `scanSounds.play` is the one entry point (tests spy on it).
 */
export type ScanTone = 'good' | 'bad';

interface Note {
  frequency: number;
  startMs: number;
  lengthMs: number;
  type: OscillatorType;
}

const TONES: Record<ScanTone, readonly Note[]> = {
  good: [{ frequency: 1760, startMs: 0, lengthMs: 90, type: 'sine' }],
  bad: [
    { frequency: 247, startMs: 0, lengthMs: 140, type: 'square' },
    { frequency: 247, startMs: 200, lengthMs: 140, type: 'square' },
  ],
};

/** Peak volume (0–1). */
const VOLUME = 0.08;

let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context) return context;
  const Constructor = globalThis.AudioContext as typeof AudioContext | undefined;
  if (!Constructor) return null;
  context = new Constructor();
  return context;
}

function playNotes(notes: readonly Note[]): void {
  const audio = audioContext();
  if (!audio) return;
  // Chromium starts audio suspended until the first touch; resuming is allowed after it.
  if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
  const t0 = audio.currentTime;
  for (const note of notes) {
    const start = t0 + note.startMs / 1000;
    const end = start + note.lengthMs / 1000;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = note.type;
    oscillator.frequency.value = note.frequency;
    // Short ramps: no clicks at the edges.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(note.type === 'square' ? VOLUME / 2 : VOLUME, start + 0.01);
    gain.gain.setValueAtTime(note.type === 'square' ? VOLUME / 2 : VOLUME, end - 0.015);
    gain.gain.linearRampToValueAtTime(0, end);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(end + 0.01);
  }
}

export const scanSounds = {
  /** Plays the tone for a scan; never throws (no audio device is not a kiosk fault). */
  play(tone: ScanTone): void {
    try {
      playNotes(TONES[tone]);
    } catch {
      // No audio output: the screen still says what happened.
    }
  },
  /** The notes of a tone, for tests and the admin screen. */
  notes(tone: ScanTone): readonly Note[] {
    return TONES[tone];
  },
};
