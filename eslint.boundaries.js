/**
 * The one-way arrows of the kiosk (README, "Architecture"), checked by eslint-plugin-boundaries
 * on every import of src/ and drivers/ (tests and benches may reach anywhere):
 *
 *   renderer → shared (and the page-side wedge driver)      shared → nothing of ours
 *   rooms of src/main → db, sync, shared, drivers, other rooms' index.ts
 *   sync, db → shared (sync knows no room: rooms register their outbox handlers)
 *   migrations → nothing live (a migration is frozen when it ships)
 *   src/portal ← the composition root (src/main/core) alone
 */

/** The rooms of src/main, one per domain; the composition root (src/main/core) knows them all. */
export const ROOMS = ['cashier', 'members', 'counter', 'staff', 'scanner', 'shell', 'admin', 'settings'];

const ELEMENTS = [
  { type: 'shared', pattern: 'src/shared' },
  { type: 'renderer', pattern: 'src/renderer' },
  { type: 'preload', pattern: 'src/preload' },
  { type: 'portal', pattern: 'src/portal' },
  { type: 'drivers', pattern: 'drivers' },
  { type: 'root', pattern: 'src/main/core' },
  { type: 'host', pattern: 'src/main/(electron|web-host)', capture: ['host'] },
  { type: 'room', pattern: `src/main/(${ROOMS.join('|')})`, capture: ['room'] },
  { type: 'migrations', pattern: 'src/main/db/migrations' },
  { type: 'db', pattern: 'src/main/db' },
  { type: 'sync', pattern: 'src/main/sync' },
];

const MAIN = ['root', 'host', 'room', 'migrations', 'db', 'sync'];
const to = (types, message) => ({ disallow: { to: { element: { types: { anyOf: types } } } }, message });

export function architecture(boundaries) {
  return [
    {
      files: ['src/**/*.ts', 'src/**/*.vue', 'drivers/**/*.ts'],
      plugins: { boundaries },
      settings: {
        'import/resolver': { node: { extensions: ['.ts', '.vue', '.js', '.json'] } },
        'boundaries/include': ['src/**/*', 'drivers/**/*'],
        'boundaries/elements': ELEMENTS,
      },
      rules: {
        'boundaries/dependencies': [
          'error',
          {
            default: 'allow',
            policies: [
              { from: { element: { type: 'renderer' } }, ...to([...MAIN, 'portal', 'preload'], 'The renderer knows only src/shared (window.kiosk): move what it needs there.') },
              { from: { element: { type: 'shared' } }, ...to([...MAIN, 'portal', 'renderer', 'preload', 'drivers'], 'src/shared imports nothing of the hosts or rooms.') },
              { from: { element: { type: 'drivers' } }, ...to([...MAIN, 'portal', 'renderer', 'preload'], 'Drivers depend on their own interfaces only.') },
              { from: { element: { types: { noneOf: ['root', 'portal'] } } }, ...to(['portal'], 'Only the composition root (src/main/core) may import the reference portal.') },
              {
                from: { element: { type: 'room' } },
                disallow: { to: { element: { type: 'room', fileInternalPath: '!index.ts' } } },
                message: "A room imports another room only through its public entry (index.ts).",
              },
              { from: { element: { type: 'room' } }, ...to(['root', 'host', 'renderer', 'preload'], 'Rooms do not know the composition root or the hosts: take a small interface instead.') },
              { from: { element: { types: { anyOf: ['sync', 'db'] } } }, ...to(['room', 'root', 'host', 'renderer', 'preload'], 'sync and db know no room: let the room register with them.') },
              { from: { element: { type: 'migrations' } }, ...to(['room', 'root', 'host', 'sync', 'db', 'renderer', 'preload'], 'A migration is frozen: copy what it needs into it, never import live code.') },
            ],
          },
        ],
      },
    },
  ];
}
