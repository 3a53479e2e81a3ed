/**
 * The editable barcode nomenclature (issue 14): ordered rules an administrator builds from fields
 * rather than regular expressions, first match wins. A rule says what kind of code it reads
 * (member card, app token, staff card, or one to ignore), and when it matches: symbology (AIM id,
 * when the scanner sends one), NW-7 start/stop characters (kept, stripped or either), prefixes,
 * length, characters, an optional pattern, and a check character; and how the member or staff
 * number is taken from the data. `scan-rules.ts` evaluates a rule set; `rule-set-io.ts` imports
 * and exports it as JSON. The rule set is versioned: a set from a newer kiosk is refused.
 */
import safeRegex from 'safe-regex2';
import { z } from 'zod';
import type { Checked } from '../config/issues';
import { issue, localizeIssues } from '../config/issues';
import { CHECK_DIGIT_SCHEMES } from './check-digits';
import { APP_TOKEN_MODES } from './formats';
import { RULE_MESSAGES } from './rule-messages';

export const RULE_SET_VERSION = 1;
export const RULE_KINDS = ['memberCard', 'appToken', 'staffCard', 'ignore'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_CHECK_SCHEMES = ['none', ...CHECK_DIGIT_SCHEMES] as const;
export type RuleCheckScheme = (typeof RULE_CHECK_SCHEMES)[number];
/** Which characters the payload (after the prefix, before the check character) may hold. */
export const CHARACTER_SETS = ['digits', 'codabar', 'crockford32', 'alphanumeric', 'any'] as const;
export type CharacterSet = (typeof CHARACTER_SETS)[number];
/** Longest data a rule set may admit; longer scans are refused before any rule runs. */
export const MAX_SCAN_LENGTH = 4096;

const letterSet = z.string().regex(/^(?!.*(.).*\1)[ABCD]{1,4}$/, 'rule.startStop.letters');

const startStopSchema = z
  .object({
    /**
     * `kept`: the scanner sends the NW-7 start/stop characters; `stripped`: it drops them;
     * `either`: both are accepted (start and stop must then be both present or both absent).
     */
    transmitted: z.enum(['kept', 'stripped', 'either']),
    /** Start characters the card may use (A–D). */
    start: letterSet.default('ABCD'),
    /** Stop characters the card may use (A–D). */
    stop: letterSet.default('ABCD'),
    /** Start and stop are the same letter (e.g. A…A). */
    same: z.boolean().default(false),
  })
  .strict();

const lengthSchema = z
  .object({ min: z.number().int().min(1).max(MAX_SCAN_LENGTH), max: z.number().int().min(1).max(MAX_SCAN_LENGTH) })
  .strict()
  .refine((length) => length.min <= length.max, { message: 'rule.length.order', path: ['max'] });

const checkDigitSchema = z
  .object({
    scheme: z.enum(RULE_CHECK_SCHEMES),
    /**
     * What the check character (the last character of the data) is computed over:
     * `afterPrefix` the data between prefix and check; `withPrefix` everything before the check;
     * `symbol` start + everything before the check + stop (NW-7 modulus 16).
     */
    over: z.enum(['afterPrefix', 'withPrefix', 'symbol']).default('afterPrefix'),
  })
  .strict();

const numberSchema = z
  .object({
    /** `afterPrefix`: the data after the prefix; `whole`: all the data; `patternGroup`: the pattern's (?<number>…) group. */
    from: z.enum(['afterPrefix', 'whole', 'patternGroup']).default('afterPrefix'),
    /** Drop the check character (the last one) before taking the number. */
    dropCheckDigit: z.boolean().default(true),
    /** Then keep `length` characters from `start` (0-based); null length: to the end. */
    start: z.number().int().min(0).max(MAX_SCAN_LENGTH).default(0),
    length: z.number().int().min(1).max(64).nullable().default(null),
    /** Then pad on the left with zeros to this many characters (0: no padding). */
    padTo: z.number().int().min(0).max(20).default(0),
  })
  .strict();

/** The app token's mode letter (first character after the prefix) → mode. */
const modesSchema = z.record(z.string().regex(/^[0-9A-Z]$/, 'rule.modes.letter'), z.enum(APP_TOKEN_MODES));

export const DEFAULT_APP_TOKEN_MODES = { P: 'pay', T: 'points', C: 'charge' } as const;

export const scanRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'rule.id.format'),
    name: z.string().trim().max(100).default(''),
    kind: z.enum(RULE_KINDS),
    /** Accepted AIM ids or prefixes (`]F0`, `]F`); empty: any. A scan without an AIM id is judged on its data alone. */
    symbologies: z.array(z.string().regex(/^\][A-Za-z][0-9A-Za-z]?$/, 'rule.symbology.format')).max(10).default([]),
    startStop: startStopSchema.nullable().default(null),
    /** The data (after start/stop) begins with one of these; empty: no prefix. */
    prefixes: z.array(z.string().min(1).max(20)).max(10).default([]),
    /** Length of the data after start/stop, prefix and check character included; null: any. */
    length: lengthSchema.nullable().default(null),
    characters: z.enum(CHARACTER_SETS).default('any'),
    /** A regular expression the whole data (after start/stop) must match; anchors are implied. */
    pattern: z.string().min(1).max(300).nullable().default(null),
    checkDigit: checkDigitSchema.default({ scheme: 'none', over: 'afterPrefix' }),
    /** Member cards and staff cards: how the number is taken from the data. */
    number: numberSchema.default({ from: 'afterPrefix', dropCheckDigit: true, start: 0, length: null, padTo: 0 }),
    /** App tokens: mode letters; null: the kiosk's own P / T / C. */
    modes: modesSchema.nullable().default(null),
    /** Ignore rules: the reason shown ("a product code, not a member card"). */
    ignoreReason: z.enum(['product_code', 'unrecognised']).default('unrecognised'),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.pattern !== null) {
      let regex: RegExp | null = null;
      try {
        regex = new RegExp(`^(?:${rule.pattern})$`);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'rule.pattern.invalid', params: { detail: error instanceof Error ? error.message : String(error) } });
      }
      if (regex) {
        // safe-regex2 flags nested repetition (star height > 1) and some syntax it cannot judge (lookbehind).
        let safe = false;
        try {
          safe = safeRegex(regex);
        } catch {
          safe = false;
        }
        if (!safe) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'rule.pattern.slow' });
        const groups = Object.keys(new RegExp(`${regex.source}|`).exec('')?.groups ?? {});
        if (rule.number.from === 'patternGroup' && !groups.includes('number')) ctx.addIssue({ code: 'custom', path: ['number', 'from'], message: 'rule.number.noGroup' });
      }
    } else if (rule.number.from === 'patternGroup') {
      ctx.addIssue({ code: 'custom', path: ['number', 'from'], message: 'rule.number.noGroup' });
    }
    if (rule.checkDigit.over === 'symbol' && rule.checkDigit.scheme !== 'none') {
      if (!rule.startStop) ctx.addIssue({ code: 'custom', path: ['checkDigit', 'over'], message: 'rule.check.symbolNeedsStartStop' });
      else if (rule.startStop.transmitted !== 'kept' && (rule.startStop.start.length > 1 || rule.startStop.stop.length > 1)) {
        ctx.addIssue({ code: 'custom', path: ['checkDigit', 'over'], message: 'rule.check.symbolNeedsKnownStartStop' });
      }
    }
    if (rule.checkDigit.scheme === 'none' && rule.checkDigit.over === 'symbol') {
      ctx.addIssue({ code: 'custom', path: ['checkDigit', 'over'], message: 'rule.check.symbolWithoutScheme' });
    }
    if (rule.startStop && rule.symbologies.some((aim) => !aim.startsWith(']F'))) {
      ctx.addIssue({ code: 'custom', path: ['symbologies'], message: 'rule.startStop.notCodabar' });
    }
  });

export const ruleSetSchema = z
  .object({
    version: z.number().int().min(1),
    /** Longer data is refused as `too_long` before any rule runs. */
    maxLength: z.number().int().min(1).max(MAX_SCAN_LENGTH).default(128),
    rules: z.array(scanRuleSchema).max(100),
  })
  .strict()
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: 'rule.id.duplicate', params: { id: rule.id } });
      seen.add(rule.id);
    });
  });

export type ScanRuleInput = z.input<typeof scanRuleSchema>;
export type ScanRule = z.output<typeof scanRuleSchema>;
export type RuleSetInput = z.input<typeof ruleSetSchema>;
export type RuleSet = z.output<typeof ruleSetSchema>;

/**
 * Validates a rule set: every problem with a message in both languages saying what to fix.
 * A set written by a newer kiosk (higher `version`) is refused as a whole before anything else.
 */
export function checkRuleSet(input: unknown): Checked<RuleSet> {
  const version = typeof input === 'object' && input !== null ? (input as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version > RULE_SET_VERSION) {
    return { ok: false, issues: [issue('version', 'ruleSet.tooNew', RULE_MESSAGES, { version, supported: RULE_SET_VERSION })] };
  }
  const parsed = ruleSetSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = localizeIssues(parsed.error, RULE_MESSAGES);
  // zod skips the set-level check when a rule is broken; duplicates are still worth saying at once.
  const rules = typeof input === 'object' && input !== null ? (input as { rules?: unknown }).rules : undefined;
  if (Array.isArray(rules) && !issues.some((item) => item.key === 'rule.id.duplicate')) {
    const seen = new Set<unknown>();
    rules.forEach((rule: unknown, index) => {
      const id = typeof rule === 'object' && rule !== null ? (rule as { id?: unknown }).id : undefined;
      if (typeof id === 'string' && seen.has(id)) issues.push(issue(`rules.${index}.id`, 'rule.id.duplicate', RULE_MESSAGES, { id }));
      seen.add(id);
    });
  }
  return { ok: false, issues };
}

/** Validates a single rule (the editor's form), e.g. to show a bad pattern before saving. */
export function checkScanRule(input: unknown): Checked<ScanRule> {
  const parsed = scanRuleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: localizeIssues(parsed.error, RULE_MESSAGES) };
  return { ok: true, value: parsed.data };
}

/**
 * Today's behaviour as a rule set (the results of the regex nomenclature it replaced, kept by
 * a fixed table of expectations): app token, NW-7 card, Code 128 card, Code 128 staff card
 * (issue 12: the staff pad takes its number), product JAN.
 */
export const DEFAULT_RULE_SET_INPUT = {
  version: RULE_SET_VERSION,
  maxLength: 128,
  rules: [
    {
      id: 'app-token',
      name: 'App barcode (one-time token)',
      kind: 'appToken',
      symbologies: [']C', ']Q'],
      pattern: '[PTC][0-9A-HJKMNP-TV-Z]{21}',
      checkDigit: { scheme: 'luhn32', over: 'withPrefix' },
    },
    {
      id: 'member-card-nw7',
      name: 'Member card, NW-7 (A…A, mod 10 weights 2-1)',
      kind: 'memberCard',
      symbologies: [']F'],
      startStop: { transmitted: 'either', start: 'A', stop: 'A', same: true },
      length: { min: 11, max: 11 },
      characters: 'digits',
      checkDigit: { scheme: 'mod10w21', over: 'afterPrefix' },
    },
    {
      id: 'member-card-code128',
      name: 'Member card, Code 128 (CM…, mod 10 weights 3-1)',
      kind: 'memberCard',
      symbologies: [']C'],
      prefixes: ['CM'],
      length: { min: 13, max: 13 },
      characters: 'digits',
      checkDigit: { scheme: 'mod10w31', over: 'afterPrefix' },
    },
    {
      // Staff cards are printed in the store on a label printer: Code 128 like the member card, told
      // apart by the prefix ST; the check digit keeps a misread from filling in a colleague's number.
      id: 'staff-card-code128',
      name: 'Staff card, Code 128 (ST + staff number, mod 10 weights 3-1)',
      kind: 'staffCard',
      symbologies: [']C'],
      prefixes: ['ST'],
      length: { min: 6, max: 11 },
      characters: 'digits',
      checkDigit: { scheme: 'mod10w31', over: 'afterPrefix' },
    },
    {
      id: 'product-jan',
      name: 'Product JAN (45, 49): not a member card',
      kind: 'ignore',
      symbologies: [']E'],
      prefixes: ['45', '49'],
      length: { min: 13, max: 13 },
      characters: 'digits',
      checkDigit: { scheme: 'mod10w31', over: 'withPrefix' },
      ignoreReason: 'product_code',
    },
  ],
} as const satisfies RuleSetInput;

export const DEFAULT_RULE_SET: RuleSet = ruleSetSchema.parse(DEFAULT_RULE_SET_INPUT);
