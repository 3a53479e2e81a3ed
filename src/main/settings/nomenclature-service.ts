/**
 * The barcode nomenclature in force (issue 14): the rule set stored by the admin screen
 * (`config_documents` 'nomenclature'), compiled once per change and read by the scanner room at
 * each scan. A save is validated as a whole (`checkRuleSet`: patterns, check schemes, a newer
 * version) and audited `nomenclature.update` { changes: [{ key, old, new }] } in the same
 * transaction; a refusal leaves the rules in force untouched.
 */
import type { RuleSet } from '../../shared/barcode/rule-set';
import { checkRuleSet, DEFAULT_RULE_SET } from '../../shared/barcode/rule-set';
import { compileRuleSet, DEFAULT_COMPILED_RULE_SET, type CompiledRuleSet } from '../../shared/barcode/scan-rules';
import { nomenclatureChanges } from '../../shared/config/setup-file';
import type { SqliteDatabase } from '../db/database';
import { appendAudit } from '../staff';
import { readConfigDocument, writeConfigDocument } from './config-documents';
import { configInvalid } from './settings-service';

export interface NomenclatureServiceOptions {
  db(): SqliteDatabase;
  now(): number;
  log(line: string): void;
}

export interface AuditedChange {
  key: string;
  old: unknown;
  new: unknown;
}

export class NomenclatureService {
  private compiled: CompiledRuleSet | null = null;

  constructor(private readonly o: NomenclatureServiceOptions) {}

  /** Loads the stored rule set; one the kiosk cannot read (written by hand, a newer kiosk) gives the defaults, logged. */
  load(): CompiledRuleSet {
    const stored = readConfigDocument(this.o.db(), 'nomenclature');
    if (stored === null) return (this.compiled = DEFAULT_COMPILED_RULE_SET);
    const checked = checkRuleSet(stored);
    if (!checked.ok) {
      this.o.log(`nomenclature: the stored rules cannot be used (${checked.issues.map((item) => item.path).join(', ')}); the default rules are in force`);
      return (this.compiled = DEFAULT_COMPILED_RULE_SET);
    }
    return (this.compiled = compileRuleSet(checked.value));
  }

  /** The compiled rules in force (the defaults while the database is down). */
  current(): CompiledRuleSet {
    if (this.compiled) return this.compiled;
    try {
      return this.load();
    } catch {
      return DEFAULT_COMPILED_RULE_SET;
    }
  }

  ruleSet(): RuleSet {
    return this.current().set;
  }

  /** Validates and stores a rule set (audited); throws `config_invalid` with what to fix. */
  save(input: unknown, staffId: string, action = 'nomenclature.update'): AuditedChange[] {
    const checked = checkRuleSet(input);
    if (!checked.ok) throw configInvalid(checked.issues);
    const before = this.ruleSet();
    const changes = nomenclatureChanges(before, checked.value).map((change) => ({ key: `nomenclature.${change.key}`, old: change.old, new: change.new }));
    if (changes.length === 0) return [];
    const db = this.o.db();
    db.transaction(() => {
      writeConfigDocument(db, 'nomenclature', checked.value, this.o.now());
      appendAudit(db, { at: this.o.now(), staffId, action, detail: { changes } });
    }).immediate();
    this.compiled = compileRuleSet(checked.value);
    return changes;
  }

  reset(staffId: string): AuditedChange[] {
    return this.save(structuredClone(DEFAULT_RULE_SET), staffId, 'nomenclature.reset');
  }
}
