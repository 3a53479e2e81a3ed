/**
 * Barcode nomenclature: ordered rules, first match wins (the model is Odoo's barcode nomenclature).
 * A rule matches when its symbology constraint (if any) admits the scan's AIM id, its pattern matches
 * the data, and its check digit (if any) verifies. A failed check digit does not stop the search:
 * a later rule may still match, and only if none does is the result `bad_check_digit`.
 *
 * Rules can come from configuration (JSON): `parseNomenclatureConfig` validates them with zod and
 * `createNomenclature` compiles them. `classifyBarcode` never throws, whatever the input.
 */
import { z } from 'zod';
import { CHECK_DIGIT_SCHEMES, verifyCheckDigit } from './check-digits';
import { APP_TOKEN_MODES, appTokenModeFromLetter } from './formats';
import type { AppTokenMode } from './formats';

export const UNKNOWN_REASONS = [
  'empty',
  'too_long',
  'not_printable',
  'product_code',
  'bad_check_digit',
  'unrecognised',
] as const;
export type UnknownReason = (typeof UNKNOWN_REASONS)[number];

export type BarcodeClassification =
  | { kind: 'memberCard'; memberNo: string; ruleId: string; symbology?: string }
  | { kind: 'appToken'; mode: AppTokenMode; token: string; ruleId: string }
  | { kind: 'unknown'; reason: UnknownReason; ruleId?: string };

/** AIM symbology identifier: `]`, a code letter, a modifier character (ISO/IEC 15424). */
export const AIM_ID_PATTERN = /^\][A-Za-z][0-9A-Za-z]$/;

const groupName = z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'a regex group name (letters and digits)');

const outcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('memberCard'),
    /** Named group holding the member number. */
    memberNoGroup: groupName.default('memberNo'),
  }),
  z.object({
    kind: z.literal('appToken'),
    /** Named group holding the mode letter. */
    modeGroup: groupName.default('mode'),
    /** Mode letter → mode; the default is the kiosk's own token scheme (P, T, C). */
    modes: z.record(z.string().length(1), z.enum(APP_TOKEN_MODES)).optional(),
  }),
  z.object({
    kind: z.literal('unknown'),
    /** Only shapes the kiosk knows but refuses, e.g. product JAN codes. */
    reason: z.enum(['product_code', 'unrecognised']),
  }),
]);

const checkDigitSchema = z.object({
  scheme: z.enum(CHECK_DIGIT_SCHEMES),
  /** Named groups concatenated, in order, to form the checked payload. */
  over: z.array(groupName).min(1).default(['payload']),
  /** Named group holding the check character. */
  checkGroup: groupName.default('check'),
});

export const barcodeRuleSchema = z
  .object({
    id: z.string().min(1).max(64),
    description: z.string().max(200).optional(),
    /** Regular expression source, matched against the whole data (anchor it with ^ and $). */
    pattern: z.string().min(1).max(500),
    /** Regex flags; only case-insensitivity is allowed (`g`/`y` would make matching stateful). */
    flags: z.enum(['', 'i']).default(''),
    /** Accepted AIM ids or AIM id prefixes, e.g. `]F0` or `]F`. Scans without an AIM id are judged on data alone. */
    symbologies: z.array(z.string().regex(/^\][A-Za-z][0-9A-Za-z]?$/, 'an AIM id like ]F0 or a prefix like ]F')).min(1).optional(),
    checkDigit: checkDigitSchema.optional(),
    outcome: outcomeSchema,
  })
  .superRefine((rule, ctx) => {
    let groups: Set<string>;
    try {
      const regex = new RegExp(rule.pattern, rule.flags);
      groups = new Set(Object.keys(new RegExp(`${regex.source}|`, rule.flags).exec('')?.groups ?? {}));
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: `not a valid regular expression: ${String(error)}` });
      return;
    }
    const needed: Array<[string, string[]]> = [];
    if (rule.checkDigit) needed.push(...rule.checkDigit.over.map((g): [string, string[]] => [g, ['checkDigit', 'over']]), [rule.checkDigit.checkGroup, ['checkDigit', 'checkGroup']]);
    if (rule.outcome.kind === 'memberCard') needed.push([rule.outcome.memberNoGroup, ['outcome', 'memberNoGroup']]);
    if (rule.outcome.kind === 'appToken') needed.push([rule.outcome.modeGroup, ['outcome', 'modeGroup']]);
    for (const [name, path] of needed) {
      if (!groups.has(name)) ctx.addIssue({ code: 'custom', path, message: `the pattern has no named group (?<${name}>...)` });
    }
  });

export const nomenclatureConfigSchema = z
  .object({
    /** Longer data is refused as `too_long` before any rule runs (bounds regex work on garbage). */
    maxLength: z.number().int().min(1).max(4096).default(128),
    rules: z.array(barcodeRuleSchema).max(100),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id ${rule.id}` });
      seen.add(rule.id);
    });
  });

export type BarcodeRuleConfig = z.input<typeof barcodeRuleSchema>;
export type BarcodeRule = z.output<typeof barcodeRuleSchema>;
export type NomenclatureConfig = z.input<typeof nomenclatureConfigSchema>;

interface CompiledRule {
  rule: BarcodeRule;
  regex: RegExp;
}

/** A validated, compiled nomenclature. Build it with `createNomenclature`. */
export interface Nomenclature {
  readonly maxLength: number;
  readonly rules: readonly BarcodeRule[];
  /** @internal compiled patterns, in rule order */
  readonly compiled: readonly CompiledRule[];
}

export class NomenclatureConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`invalid barcode nomenclature: ${issues.join('; ')}`);
    this.name = 'NomenclatureConfigError';
  }
}

/** Validates configuration (zod) into rules; throws NomenclatureConfigError with one line per problem. */
export function parseNomenclatureConfig(input: unknown): z.output<typeof nomenclatureConfigSchema> {
  const parsed = nomenclatureConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new NomenclatureConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return parsed.data;
}

export function createNomenclature(input: unknown): Nomenclature {
  const config = parseNomenclatureConfig(input);
  return {
    maxLength: config.maxLength,
    rules: config.rules,
    compiled: config.rules.map((rule) => ({ rule, regex: new RegExp(rule.pattern, rule.flags) })),
  };
}

/** Printable ASCII plus printable non-ASCII; refuses C0/C1 controls, DEL, lone surrogates and U+FFFD. */
function isPrintable(data: string): boolean {
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfffd) return false;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = data.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function symbologyAllowed(rule: BarcodeRule, symbology: string | undefined): boolean {
  if (!rule.symbologies || symbology === undefined || symbology === '') return true;
  return rule.symbologies.some((accepted) => symbology.startsWith(accepted));
}

type RuleVerdict = { matched: true; result: BarcodeClassification } | { matched: false; badCheckDigit: boolean };

function applyRule({ rule, regex }: CompiledRule, data: string, symbology: string | undefined): RuleVerdict {
  if (!symbologyAllowed(rule, symbology)) return { matched: false, badCheckDigit: false };
  const match = regex.exec(data);
  if (!match) return { matched: false, badCheckDigit: false };
  const groups = match.groups ?? {};
  if (rule.checkDigit) {
    const payload = rule.checkDigit.over.map((name) => groups[name] ?? '').join('');
    const check = groups[rule.checkDigit.checkGroup] ?? '';
    if (!verifyCheckDigit(rule.checkDigit.scheme, payload, check)) return { matched: false, badCheckDigit: true };
  }
  const outcome = rule.outcome;
  switch (outcome.kind) {
    case 'memberCard': {
      const memberNo = groups[outcome.memberNoGroup];
      if (!memberNo) return { matched: false, badCheckDigit: false };
      return { matched: true, result: { kind: 'memberCard', memberNo, ruleId: rule.id, ...(symbology ? { symbology } : {}) } };
    }
    case 'appToken': {
      const letter = groups[outcome.modeGroup] ?? '';
      const mode = outcome.modes ? outcome.modes[letter] : appTokenModeFromLetter(letter);
      if (!mode) return { matched: false, badCheckDigit: false };
      return { matched: true, result: { kind: 'appToken', mode, token: data, ruleId: rule.id } };
    }
    case 'unknown':
      return { matched: true, result: { kind: 'unknown', reason: outcome.reason, ruleId: rule.id } };
  }
}

/**
 * Classifies one scan. `symbology` is the AIM id when the scanner sent one (e.g. `]F0`).
 * Never throws: any input, however long or strange, gets a tagged result.
 */
export function classifyBarcode(data: unknown, symbology?: string, nomenclature: Nomenclature = DEFAULT_NOMENCLATURE): BarcodeClassification {
  try {
    if (typeof data !== 'string' || data.length === 0) return { kind: 'unknown', reason: 'empty' };
    if (data.length > nomenclature.maxLength) return { kind: 'unknown', reason: 'too_long' };
    if (!isPrintable(data)) return { kind: 'unknown', reason: 'not_printable' };
    const aim = typeof symbology === 'string' && AIM_ID_PATTERN.test(symbology) ? symbology : undefined;
    let badCheckRuleId: string | undefined;
    for (const compiled of nomenclature.compiled) {
      const verdict = applyRule(compiled, data, aim);
      if (verdict.matched) return verdict.result;
      if (verdict.badCheckDigit && badCheckRuleId === undefined) badCheckRuleId = compiled.rule.id;
    }
    if (badCheckRuleId !== undefined) return { kind: 'unknown', reason: 'bad_check_digit', ruleId: badCheckRuleId };
    return { kind: 'unknown', reason: 'unrecognised' };
  } catch {
    // Only a pathological configured pattern could get here; the scan is still answered.
    return { kind: 'unknown', reason: 'unrecognised' };
  }
}

/**
 * The kiosk's default rules (documented in README.md next to this file), in priority order.
 * Check digits are checked on everything the co-op prints.
 */
export const DEFAULT_NOMENCLATURE_CONFIG = {
  maxLength: 128,
  rules: [
    {
      id: 'app-token',
      description: 'App barcode: one-time CPM token, mode letter + 20 Crockford base32 + Luhn mod 32 check',
      pattern: '^(?<payload>(?<mode>[PTC])[0-9A-HJKMNP-TV-Z]{20})(?<check>[0-9A-HJKMNP-TV-Z])$',
      symbologies: [']C', ']Q'],
      checkDigit: { scheme: 'luhn32', over: ['payload'], checkGroup: 'check' },
      outcome: { kind: 'appToken', modeGroup: 'mode' },
    },
    {
      id: 'member-card-nw7',
      description: 'Physical card, NW-7: A + member number + mod 10 weights 2-1 check + A (start/stop optional)',
      pattern: '^(?<start>A?)(?<memberNo>[0-9]{10})(?<check>[0-9])\\k<start>$',
      symbologies: [']F'],
      checkDigit: { scheme: 'mod10w21', over: ['memberNo'], checkGroup: 'check' },
      outcome: { kind: 'memberCard', memberNoGroup: 'memberNo' },
    },
    {
      id: 'member-card-code128',
      description: 'Physical card, Code 128: CM + member number + mod 10 weights 3-1 check',
      pattern: '^CM(?<memberNo>[0-9]{10})(?<check>[0-9])$',
      symbologies: [']C'],
      checkDigit: { scheme: 'mod10w31', over: ['memberNo'], checkGroup: 'check' },
      outcome: { kind: 'memberCard', memberNoGroup: 'memberNo' },
    },
    {
      id: 'product-jan',
      description: 'Japanese product JAN / EAN-13 (prefix 45 or 49): not a member card',
      pattern: '^(?<payload>4[59][0-9]{10})(?<check>[0-9])$',
      symbologies: [']E'],
      checkDigit: { scheme: 'mod10w31', over: ['payload'], checkGroup: 'check' },
      outcome: { kind: 'unknown', reason: 'product_code' },
    },
  ],
} as const satisfies NomenclatureConfig;

export const DEFAULT_NOMENCLATURE: Nomenclature = createNomenclature(DEFAULT_NOMENCLATURE_CONFIG);
