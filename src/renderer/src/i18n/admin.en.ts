import type { adminJa } from './admin.ja';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The admin screens: English (same keys as admin.ja.ts, type-checked). */
export const adminEn: Widen<typeof adminJa> = {
  open: 'Kiosk settings',
  heading: 'Kiosk settings',
  intro: 'Changes are checked when you press Save and apply at once when they are valid (settings that need a restart say so).',
  sections: 'Setting sections',
  save: 'Save this section',
  reset: 'Undo my changes',
  saving: 'Saving…',
  saved: 'Saved ({count} change(s)).',
  savedNothing: 'Nothing changed.',
  savedRestart: 'Some changes apply after a restart: {keys}',
  refused: 'Not saved. Fix the following; the settings stay as they were.',
  lockedBy: 'Set by the environment variable {variable} (cannot be changed here)',
  restartNote: 'Applies after a restart',
  pendingRestart: 'Changes waiting for a restart: {keys}',
  storedIssues: 'Part of the stored settings could not be used; the defaults are in force for: {paths}',
  listHint: 'Separate several with commas (,)',
  nullableHint: 'Empty: not shown',
  yes: 'Yes',
  back: 'Back to the kiosk status',
  languageNames: { ja: '日本語', en: 'English' },
};
