import { RECENT_LOG_LIMIT } from '../../shared/api/log';
import type { CoreBasics, CoreModule, DatabaseAccess } from '../kiosk-module';
import { redactPii } from '../log';
import { exportLogText, logFilesDir, recentProblems } from '../log-files';
import { appendAudit, type StaffGate } from '../staff';

export interface LogModuleDeps extends CoreBasics, DatabaseAccess {
  staff(): StaffGate;
}

/**
 * The kiosk's log for staff: the status screen's recent warnings and errors, and the export a
 * supervisor sends when the store calls for help. Both read the rotating files in the data
 * folder, which hold redacted lines only; the export is redacted once more on the way out.
 */
export function createLogModule(deps: LogModuleDeps): CoreModule {
  const dir = logFilesDir(deps.config.dataDir);
  return {
    handlers: {
      getRecentLog: () => {
        deps.staff().require('cashier');
        return { entries: recentProblems(dir, RECENT_LOG_LIMIT) };
      },
      exportLog: () => {
        const { staff } = deps.staff().require('supervisor');
        const { text, lines } = exportLogText(dir, (line) => redactPii(line, deps.config.deviceSecret ? [deps.config.deviceSecret] : []));
        appendAudit(deps.db(), { at: deps.now(), staffId: staff.id, action: 'log.exported', detail: { lines } });
        const stamp = new Date(deps.now()).toISOString().replace(/[:.]/g, '-');
        return { filename: `kiosk-log-${stamp}.txt`, text, lines };
      },
    },
  };
}
