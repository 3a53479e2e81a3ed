import { RECENT_LOG_LIMIT } from '../../shared/api/log';
import { redactPii } from '../log';
import { exportLogText, logFilesDir, recentProblems } from '../log-files';
import { appendAudit } from '../staff/audit';
import type { CoreContext, CoreModule } from './context';

/**
 * The kiosk's log for staff: the status screen's recent warnings and errors, and the export a
 * supervisor sends when the store calls for help. Both read the rotating files in the data
 * folder, which hold redacted lines only; the export is redacted once more on the way out.
 */
export function createLogModule(context: CoreContext): CoreModule {
  const dir = logFilesDir(context.config.dataDir);
  return {
    handlers: {
      getRecentLog: () => {
        context.staff().require('cashier');
        return { entries: recentProblems(dir, RECENT_LOG_LIMIT) };
      },
      exportLog: () => {
        const { staff } = context.staff().require('supervisor');
        const { text, lines } = exportLogText(dir, (line) => redactPii(line, context.config.deviceSecret ? [context.config.deviceSecret] : []));
        appendAudit(context.db(), { at: context.now(), staffId: staff.id, action: 'log.exported', detail: { lines } });
        const stamp = new Date(context.now()).toISOString().replace(/[:.]/g, '-');
        return { filename: `kiosk-log-${stamp}.txt`, text, lines };
      },
    },
  };
}
