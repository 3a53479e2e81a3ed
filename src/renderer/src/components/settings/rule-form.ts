/** The rule editor's fields as text (what the admin types) and back to a rule (the core validates it). */
import type { ScanRule } from '@shared/barcode/rule-set';

export interface RuleFields {
  id: string;
  name: string;
  kind: ScanRule['kind'];
  symbologies: string;
  startStop: 'none' | 'kept' | 'stripped' | 'either';
  start: string;
  stop: string;
  prefixes: string;
  lengthMin: string;
  lengthMax: string;
  characters: ScanRule['characters'];
  pattern: string;
  checkScheme: ScanRule['checkDigit']['scheme'];
  checkOver: ScanRule['checkDigit']['over'];
  numberFrom: ScanRule['number']['from'];
  dropCheck: boolean;
  numberStart: string;
  numberLength: string;
  padTo: string;
}

const list = (text: string) =>
  text
    .split(/[,、，]/)
    .map((item) => item.trim())
    .filter(Boolean);
const int = (text: string): number | string => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text);

export function newRuleFields(id: string): RuleFields {
  return {
    id,
    name: '',
    kind: 'memberCard',
    symbologies: '',
    startStop: 'none',
    start: 'ABCD',
    stop: 'ABCD',
    prefixes: '',
    lengthMin: '',
    lengthMax: '',
    characters: 'any',
    pattern: '',
    checkScheme: 'none',
    checkOver: 'afterPrefix',
    numberFrom: 'afterPrefix',
    dropCheck: true,
    numberStart: '0',
    numberLength: '',
    padTo: '0',
  };
}

export function fieldsOf(rule: ScanRule): RuleFields {
  return {
    id: rule.id,
    name: rule.name,
    kind: rule.kind,
    symbologies: rule.symbologies.join(', '),
    startStop: rule.startStop?.transmitted ?? 'none',
    start: rule.startStop?.start ?? 'ABCD',
    stop: rule.startStop?.stop ?? 'ABCD',
    prefixes: rule.prefixes.join(', '),
    lengthMin: rule.length ? String(rule.length.min) : '',
    lengthMax: rule.length ? String(rule.length.max) : '',
    characters: rule.characters,
    pattern: rule.pattern ?? '',
    checkScheme: rule.checkDigit.scheme,
    checkOver: rule.checkDigit.over,
    numberFrom: rule.number.from,
    dropCheck: rule.number.dropCheckDigit,
    numberStart: String(rule.number.start),
    numberLength: rule.number.length === null ? '' : String(rule.number.length),
    padTo: String(rule.number.padTo),
  };
}

/** The rule the fields describe; unparsable numbers are passed on as typed, so the core names the field. */
export function ruleOf(fields: RuleFields, base: ScanRule | null): ScanRule {
  const min = fields.lengthMin.trim();
  const max = fields.lengthMax.trim() || min;
  return {
    ...(base ?? { modes: null, ignoreReason: 'unrecognised' }),
    id: fields.id.trim(),
    name: fields.name.trim(),
    kind: fields.kind,
    symbologies: list(fields.symbologies),
    startStop: fields.startStop === 'none' ? null : { transmitted: fields.startStop, start: fields.start.trim(), stop: fields.stop.trim(), same: base?.startStop?.same ?? false },
    prefixes: list(fields.prefixes),
    length: min === '' ? null : { min: int(min), max: int(max) },
    characters: fields.characters,
    pattern: fields.pattern.trim() === '' ? null : fields.pattern.trim(),
    checkDigit: { scheme: fields.checkScheme, over: fields.checkOver },
    number: { from: fields.numberFrom, dropCheckDigit: fields.dropCheck, start: int(fields.numberStart), length: fields.numberLength.trim() === '' ? null : int(fields.numberLength), padTo: int(fields.padTo) },
  } as ScanRule;
}
