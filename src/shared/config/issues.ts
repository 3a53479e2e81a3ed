/**
 * Refusals of configuration (settings, barcode rules, catalog, set-up files) in both languages.
 * Schemas carry message keys (not sentences); `localizeIssues` turns zod's issues into
 * `{ path, key, message: { ja, en } }` with a sentence that says what to fix. Built-in zod checks
 * (too small, not a whole number, not one of…) get generic sentences with their limits.
 */
import type { z } from 'zod';

export interface LocalizedText {
  ja: string;
  en: string;
}

/** Message templates by key; `{name}` is replaced by the issue's parameter of that name. */
export type MessageCatalog = Readonly<Record<string, LocalizedText>>;

export interface ConfigIssue {
  /** Where the problem is, e.g. `rules.2.pattern` or `row 7`; empty for the whole input. */
  path: string;
  /** Message key, stable for tests and for the renderer's own i18n if it wants to override. */
  key: string;
  message: LocalizedText;
}

/** The outcome of checking configuration: the parsed value, or every problem found. */
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: ConfigIssue[] };

export const GENERIC_MESSAGES = {
  'generic.required': { en: 'Fill this in.', ja: '入力してください。' },
  'generic.type': { en: 'Expected {expected} here.', ja: 'ここには{expected}が必要です。' },
  'generic.integer': { en: 'Use a whole number.', ja: '整数にしてください。' },
  'generic.min.number': { en: 'Use {minimum} or more.', ja: '{minimum} 以上にしてください。' },
  'generic.max.number': { en: 'Use {maximum} or less.', ja: '{maximum} 以下にしてください。' },
  'generic.min.string': { en: 'Type at least {minimum} characters.', ja: '{minimum} 文字以上で入力してください。' },
  'generic.max.string': { en: 'Use at most {maximum} characters.', ja: '{maximum} 文字以内にしてください。' },
  'generic.min.array': { en: 'Add at least {minimum}.', ja: '少なくとも {minimum} 件必要です。' },
  'generic.max.array': { en: 'Keep at most {maximum}.', ja: '{maximum} 件までにしてください。' },
  'generic.oneOf': { en: 'Choose one of: {values}.', ja: '次のどれかにしてください: {values}' },
  'generic.unknownKeys': { en: 'Remove the unknown field {keys}.', ja: '不明な項目 {keys} を削除してください。' },
  'generic.format': { en: 'This value is not in the expected form.', ja: '値の形式が正しくありません。' },
  'generic.invalid': { en: 'This value is not valid.', ja: 'この値は使えません。' },
} as const satisfies MessageCatalog;

const TYPE_NAMES: Record<string, LocalizedText> = {
  number: { en: 'a number', ja: '数値' },
  string: { en: 'text', ja: '文字' },
  boolean: { en: 'yes or no', ja: 'はい／いいえ' },
  array: { en: 'a list', ja: '一覧' },
  object: { en: 'a group of fields', ja: '項目のまとまり' },
};

/** Replaces `{name}` in both languages with `params[name]`. */
export function fillMessage(template: LocalizedText, params: Record<string, unknown> = {}): LocalizedText {
  const fill = (text: string): string => text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  return { ja: fill(template.ja), en: fill(template.en) };
}

export function issue(path: string, key: string, catalog: MessageCatalog, params?: Record<string, unknown>): ConfigIssue {
  const template = catalog[key] ?? GENERIC_MESSAGES['generic.invalid'];
  return { path, key, message: fillMessage(template, params) };
}

function genericIssue(raw: z.core.$ZodIssue): { key: keyof typeof GENERIC_MESSAGES; params: Record<string, unknown>; perLanguage?: Record<string, LocalizedText> } {
  switch (raw.code) {
    case 'invalid_type': {
      if (/received undefined/.test(raw.message)) return { key: 'generic.required', params: {} };
      if (raw.expected === 'int') return { key: 'generic.integer', params: {} };
      const name = TYPE_NAMES[raw.expected] ?? { en: raw.expected, ja: raw.expected };
      return { key: 'generic.type', params: {}, perLanguage: { expected: name } };
    }
    case 'too_small': {
      const origin = raw.origin === 'array' || raw.origin === 'set' ? 'array' : raw.origin === 'string' ? 'string' : 'number';
      if (origin === 'string' && Number(raw.minimum) === 1) return { key: 'generic.required', params: {} };
      return { key: `generic.min.${origin}`, params: { minimum: raw.minimum } };
    }
    case 'too_big': {
      const origin = raw.origin === 'array' || raw.origin === 'set' ? 'array' : raw.origin === 'string' ? 'string' : 'number';
      return { key: `generic.max.${origin}`, params: { maximum: raw.maximum } };
    }
    case 'invalid_value':
      return { key: 'generic.oneOf', params: { values: raw.values.map((v) => String(v)).join(', ') } };
    case 'unrecognized_keys':
      return { key: 'generic.unknownKeys', params: { keys: raw.keys.join(', ') } };
    case 'invalid_format':
      return { key: 'generic.format', params: {} };
    case 'not_multiple_of':
      return { key: 'generic.integer', params: {} };
    default:
      return { key: 'generic.invalid', params: {} };
  }
}

/**
 * zod issues → localized issues. A schema's own message is a key of `catalog` (custom issues may
 * pass `params`); anything else gets a generic sentence for its zod code.
 */
export function localizeIssues(error: z.ZodError, catalog: MessageCatalog, pathPrefix = ''): ConfigIssue[] {
  return error.issues.map((raw) => {
    const path = [pathPrefix, ...raw.path.map(String)].filter(Boolean).join('.');
    const own = catalog[raw.message];
    if (own) {
      const params = raw.code === 'custom' ? ((raw.params as Record<string, unknown> | undefined) ?? {}) : {};
      return { path, key: raw.message, message: fillMessage(own, params) };
    }
    const generic = genericIssue(raw);
    const template = GENERIC_MESSAGES[generic.key];
    const filled = fillMessage(template, generic.params);
    if (generic.perLanguage) {
      for (const [name, text] of Object.entries(generic.perLanguage)) {
        filled.ja = filled.ja.replace(`{${name}}`, text.ja);
        filled.en = filled.en.replace(`{${name}}`, text.en);
      }
    }
    return { path, key: generic.key, message: filled };
  });
}

/** One line per issue in the given language, e.g. for a log line or a toast. */
export function formatIssues(issues: readonly ConfigIssue[], language: keyof LocalizedText): string {
  return issues.map((item) => (item.path ? `${item.path}: ${item.message[language]}` : item.message[language])).join('\n');
}

/** Reads JSON text; a syntax error is an issue, not an exception. */
export function parseJsonText(text: string, catalog: MessageCatalog, key: string): Checked<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, issues: [issue('', key, catalog, { detail: error instanceof Error ? error.message : String(error) })] };
  }
}
