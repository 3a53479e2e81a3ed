/**
 * `npm run fuses -- <path to the packaged Electron binary>`: flips the kiosk's fuses
 * (scripts/fuses-config.ts) in that binary and verifies them by reading them back. Run it on the
 * binary of the packaged app, before code signing. Exit code 1 on any failure.
 */
import { existsSync } from 'node:fs';
import { applyKioskFuses, describeFuses } from './fuses-config';

const target = process.argv[2];
if (!target || !existsSync(target)) {
  console.error('usage: npm run fuses -- <path to the Electron binary of the packaged kiosk>');
  process.exit(1);
}
try {
  const { sentinels } = await applyKioskFuses(target);
  const fuses = Object.entries(describeFuses())
    .map(([name, on]) => `${name}=${on ? 'on' : 'off'}`)
    .join(', ');
  console.log(`fuses: ${target}: ${fuses} (${sentinels} fuse wire${sentinels === 1 ? '' : 's'}; verified)`);
} catch (error) {
  console.error(`fuses: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
