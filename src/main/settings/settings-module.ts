import { parsePrinterUri, PrinterUriError } from '../../../drivers/printer';
import type { SettingsView } from '../../shared/api/settings';
import { RESTART_KEYS } from '../../shared/config/settings';
import type { CoreBasics, CoreModule, DatabaseAccess } from '../kiosk-module';
import type { StaffGate } from '../staff';
import { importRuleSet, exportRuleSet } from '../../shared/barcode/rule-set-io';
import { checkRuleSet } from '../../shared/barcode/rule-set';
import { compileRuleSet, explainScan } from '../../shared/barcode/scan-rules';
import { NomenclatureService } from './nomenclature-service';
import { CatalogService } from './catalog-service';
import { SetupFileService } from './setup-file-service';
import { importCatalogCsv } from '../../shared/registration/catalog-csv';
import { catalogChanges } from '../../shared/config/setup-file';
import { configInvalid, SettingsService } from './settings-service';

/** The printer driver's own check of a URI (its options after `?` included): what the register will open. */
function printerUriProblems(uri: string): readonly string[] {
  try {
    parsePrinterUri(uri);
    return [];
  } catch (error) {
    return error instanceof PrinterUriError ? error.problems : [error instanceof Error ? error.message : String(error)];
  }
}

/** The settings room's dependencies: the database, the admin role, and the environment's setting variables (in `config`). */
export type SettingsModuleDeps = CoreBasics & DatabaseAccess & { staff(): Pick<StaffGate, 'require'> };

/**
 * The settings room (issue 14): owns `config_documents` (migration 0009) and the admin's
 * settings API. Other rooms read the settings through the small interfaces the composition root
 * builds from `service` (src/main/core/rooms.ts).
 */
export function createSettingsModule(context: SettingsModuleDeps): CoreModule & { service: SettingsService; nomenclature: NomenclatureService; catalog: CatalogService } {
  const service = new SettingsService({ db: context.db, environment: context.config.settingsEnvironment, now: context.now, log: context.log, deviceChecks: { printerUriProblems } });
  const nomenclature = new NomenclatureService({ db: context.db, now: context.now, log: context.log });
  const catalog = new CatalogService({ db: context.db, dataDir: context.config.dataDir, now: context.now, log: context.log });
  const setup = new SetupFileService({ db: context.db, settings: service, nomenclature, catalog, now: context.now, appVersion: context.version });
  const admin = () => context.staff().require('admin').staff;
  const view = (): SettingsView => {
    const snapshot = service.snapshot();
    return {
      settings: snapshot.settings,
      locks: { ...snapshot.locks },
      restartKeys: [...RESTART_KEYS],
      pendingRestart: snapshot.pendingRestart,
      storedIssues: snapshot.storedIssues,
    };
  };
  return {
    service,
    nomenclature,
    catalog,
    start() {
      service.load();
      nomenclature.load();
      catalog.load();
    },
    handlers: {
      getSettings: () => {
        context.staff().require('admin');
        return view();
      },
      updateSettings: ({ edits }) => {
        const { staff } = context.staff().require('admin');
        const changes = service.update(edits, staff.id);
        return { view: view(), changes };
      },
      getNomenclature: () => {
        admin();
        return { ruleSet: nomenclature.ruleSet() };
      },
      saveNomenclature: ({ ruleSet }) => {
        const changes = nomenclature.save(ruleSet, admin().id);
        return { ruleSet: nomenclature.ruleSet(), changes };
      },
      resetNomenclature: () => {
        const changes = nomenclature.reset(admin().id);
        return { ruleSet: nomenclature.ruleSet(), changes };
      },
      importNomenclature: ({ text }) => {
        admin();
        const checked = importRuleSet(text);
        if (!checked.ok) throw configInvalid(checked.issues);
        return { ruleSet: checked.value };
      },
      exportNomenclature: () => {
        admin();
        return { filename: 'barcode-rules.json', text: exportRuleSet(nomenclature.ruleSet()) };
      },
      testScan: ({ code, symbology, ruleSet }) => {
        admin();
        let rules = nomenclature.current();
        if (ruleSet !== undefined) {
          const checked = checkRuleSet(ruleSet);
          if (!checked.ok) throw configInvalid(checked.issues);
          rules = compileRuleSet(checked.value);
        }
        const explained = explainScan(code, rules, symbology);
        // An app token is a credential: the tester shows its mode, never the token.
        const { result } = explained;
        const shown = result.kind === 'appToken' ? { kind: result.kind, mode: result.mode, ruleId: result.ruleId } : result.kind === 'unknown' ? result : { kind: result.kind, ruleId: result.ruleId };
        return { ...explained, result: shown };
      },
      getCatalog: () => {
        admin();
        return { catalog: catalog.current() };
      },
      previewCatalogCsv: ({ base64 }) => {
        admin();
        const read = importCatalogCsv(Buffer.from(base64, 'base64'));
        if (!read.ok) throw configInvalid(read.issues);
        const changes = catalogChanges(catalog.current(), read.value.catalog).map((change) => ({ key: `catalog.${change.key}`, old: change.old, new: change.new }));
        return { ...read.value, changes };
      },
      saveCatalog: ({ catalog: next }) => {
        const changes = catalog.save(next, admin().id);
        return { catalog: catalog.current(), changes };
      },
      exportSetupFile: () => {
        admin();
        return setup.export();
      },
      previewSetupFile: ({ text }) => {
        admin();
        return setup.preview(text);
      },
      applySetupFile: ({ text }) => setup.apply(text, admin().id),
    },
  };
}
