/**
 * Power cuts at scale (issue 13): the kiosk core on LazyFS, SIGKILL + clear-cache at random
 * points, restarted every time. POWER_CUTS (default 200) sets the number of cuts of the main
 * row; the control row runs the same workload with synchronous=NORMAL forced through the
 * test-only switch and must lose acknowledged transactions (the test has teeth).
 */
import { runPowerCuts, type PowerCutReport } from '../helpers/power-cut';
import type { BenchRow } from './bench-row';

const CUTS = Number(process.env.POWER_CUTS ?? 200);
const CONTROL_CUTS = Number(process.env.POWER_CONTROL_CUTS ?? 20);

function summary(report: PowerCutReport): string {
  return `${report.cuts} cuts / ${report.acknowledged} acknowledged / ${report.lost.length} lost / ${report.duplicated.length} duplicated / ${report.neededPerson} restarts needed a person`;
}

export default async function (): Promise<BenchRow[]> {
  const progress = (line: string) => process.stderr.write(`power-cut: ${line}\n`);
  const full = await runPowerCuts({ cuts: CUTS, progress });
  const control = await runPowerCuts({ cuts: CONTROL_CUTS, synchronousNormal: true, progress });
  return [
    {
      group: 'power cut (LazyFS)',
      name: 'synchronous=FULL',
      value: `${summary(full)}; up to ${full.maxQueuedAtCut} queued at a cut; integrity ${full.integrity}; ledgers ${full.ledgerMismatches.length + full.balanceMismatches.length === 0 ? 'agree' : 'DIFFER'}`,
      target: '0 lost, 0 duplicated, 0 needed a person',
      ok: full.lost.length === 0 && full.duplicated.length === 0 && full.neededPerson === 0 && full.integrity === 'ok' && !full.stuck,
    },
    {
      group: 'power cut (LazyFS)',
      name: 'control: synchronous=NORMAL (test-only)',
      value: `${summary(control)}; drafts: ${control.draft.lastAcknowledged && !control.draft.found.startsWith(control.draft.lastAcknowledged) ? 'last save lost' : 'kept'}`,
      target: 'loses acknowledged transactions (> 0 lost)',
      ok: control.lost.length > 0,
    },
  ];
}
