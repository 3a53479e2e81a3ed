/**
 * The kiosk's one log: every line from the core, the sync engine, the portal client's errors,
 * the scanner hub, the counter flows and the Electron glue goes through `createKioskLog`,
 * which removes personal data before the line reaches stdout / the journal (issue 7,
 * SECURITY.md "Privacy"). Logs are plain text lines; nothing structured is logged as is.
 *
 * What counts as personal data here, and what a log line gets instead:
 * - e-mail addresses → [email] (masked forms such as t***@e***.jp stay: they are shown on screen);
 * - phone numbers (Japanese 0… 10–11 digits, +81…) → [phone];
 * - calendar dates (a birthdate cannot be told from any other date) → [date]; ISO timestamps stay;
 * - postal codes (123-4567, 〒1234567) → [postal];
 * - one-time app tokens (22 characters, Crockford base32) → [app-token];
 * - bearer tokens, the device secret, PINs, verification codes, passwords → [redacted];
 * - names, furigana, postal addresses, and the fields above when they appear as JSON or
 *   key=value fields → [redacted] (free-text kanji names cannot be recognised by pattern,
 *   so code must never interpolate a member record into a line; test/unit/security/log-redaction
 *   checks the sources for that).
 * Member numbers (10 digits) stay: they are the pseudonymous key staff and the portal trace a
 * transaction by, and they are printed on the card.
 *
 * Each line also goes, redacted and with its level, to size-capped rotating JSON-line files in
 * the data folder (`<data>/logs`, pino, src/main/log-files.ts) when the host gives a
 * folder: the staff status screen shows the recent warnings and errors from them and exports them.
 */
import { openLogFiles, type LogFiles, type LogLevel } from './log-files';

export type LogLine = (line: string) => void;

/** A log line function (level taken from the line) with explicit levels and a close for its files. */
export interface KioskLog extends LogLine {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
  /** Flushes and closes the log files (no-op without files). */
  close(): Promise<void>;
}

/** JSON / key=value field names whose values are personal or secret. */
const SENSITIVE_KEYS = [
  'name',
  'nameKana',
  'kanaName',
  'fullName',
  'furigana',
  'familyName',
  'givenName',
  'familyNameKana',
  'givenNameKana',
  'memberName',
  'address',
  'address1',
  'address2',
  'addressLine',
  'street',
  'town',
  'city',
  'prefecture',
  'postalCode',
  'email',
  'newEmail',
  'emailConfirm',
  'mail',
  'phone',
  'mobile',
  'mobilePhone',
  'phoneNumber',
  'birthDate',
  'birthdate',
  'secret',
  'deviceSecret',
  'accessToken',
  'token',
  'tokenRef',
  'password',
  'authorization',
  'remarks',
];
const KEY_ALTERNATION = SENSITIVE_KEYS.join('|');
/** Fields that are secret only when they hold digits (a 6-digit code, a PIN): `code` is also a problem code. */
const DIGIT_KEYS = 'code|verificationCode|pin|supervisorPin|otp';
const DIGIT_FIELD = new RegExp(`(["']?\\b(?:${DIGIT_KEYS})["']?\\s*[=:]\\s*)("?)\\d{4,8}\\2(?!\\d)`, 'gi');
/** "key": "value" (any JSON string value) and "key": 123 (numbers: codes, PINs). */
const JSON_FIELD = new RegExp(`("(?:${KEY_ALTERNATION})"\\s*:\\s*)(?:"(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?)`, 'gi');
/** key=value and key: value outside JSON (query strings, "secret=…", "code: 123456"). */
const PLAIN_FIELD = new RegExp(`\\b((?:${KEY_ALTERNATION})\\s*[=:]\\s*)(?!\\[)([^\\s&,;"'}\\]]+)`, 'gi');
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const APP_TOKEN = /(?<![0-9A-Za-z])[PTC][0-9A-HJKMNP-TV-Z]{21}(?![0-9A-Za-z])/g;
/** Phone-number candidates; the digit count decides (0 + 9–10 digits, or +81 + 9–10 digits). */
const PHONE = /(?<![\d\w+])(?:\+81[-\s]?|0)\d(?:[-\s()]?\d){7,9}(?![\d])/g;
const DATE = /(?<!\d)(?:19|20)\d{2}([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?![\dT:])/g;
const KANJI_DATE = /(?:19|20)\d{2}年\s?\d{1,2}月\s?\d{1,2}日/g;
const POSTAL = /(?:〒\s?\d{3}-?\d{4}|(?<![\d-])\d{3}-\d{4}(?![\d-]))/g;
const KANA_CODE = /(コード[:：]?\s*)\d{4,8}/g;

function redactPhone(match: string): string {
  const digits = match.replace(/\D/g, '');
  if (match.startsWith('+81')) return digits.length >= 11 && digits.length <= 12 ? '[phone]' : match;
  return digits.length === 10 || digits.length === 11 ? '[phone]' : match;
}

/** Removes the personal data described above from one line of text. */
export function redactPii(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out
    .replace(JSON_FIELD, '$1"[redacted]"')
    .replace(BEARER, '$1[redacted]')
    .replace(PLAIN_FIELD, '$1[redacted]')
    .replace(DIGIT_FIELD, (_match: string, key: string, quote: string) => `${key}${quote}[redacted]${quote}`)
    .replace(EMAIL, '[email]')
    .replace(APP_TOKEN, '[app-token]')
    .replace(KANA_CODE, '$1[redacted]')
    .replace(DATE, '[date]')
    .replace(KANJI_DATE, '[date]')
    .replace(POSTAL, '[postal]')
    .replace(PHONE, redactPhone);
}

const ERROR_WORDS = /\b(failed|fails|error|crash(?:ed)?|corrupt|exception|uncaught|mismatch|database problem)\b/i;
const WARNING_WORDS = /\b(warn(?:ing)?|retry(?:ing)?|offline|unreachable|refused|rejected|dead[- ]letter(?:ed)?|cannot|could not|timed out|timeout|lost|locked|degraded|not shippable|missing)\b/i;

/**
 * The level of a line logged without one (the plain call): what it says decides. Callers that
 * know better use `log.warn` / `log.error`.
 */
export function levelOfLine(line: string): LogLevel {
  if (ERROR_WORDS.test(line)) return 'error';
  if (WARNING_WORDS.test(line)) return 'warn';
  return 'info';
}

/**
 * A log that redacts every line before handing it to `sink` (stdout by default) and, given
 * `filesDir`, to the rotating log files there. `secrets` are exact strings never to be printed
 * (the device secret).
 */
export function createKioskLog(options: { sink?: LogLine; secrets?: readonly string[]; filesDir?: string } = {}): KioskLog {
  const sink = options.sink ?? ((line: string) => console.log(line));
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 4);
  const files: LogFiles | null = options.filesDir ? openLogFiles({ dir: options.filesDir, redact: (text) => redactPii(text, secrets) }) : null;
  const write = (level: LogLevel, line: string): void => {
    const redacted = redactPii(String(line), secrets);
    sink(redacted);
    files?.write(level, redacted);
  };
  return Object.assign((line: string) => write(levelOfLine(String(line)), line), {
    info: (line: string) => write('info', line),
    warn: (line: string) => write('warn', line),
    error: (line: string) => write('error', line),
    close: async () => files?.close(),
  });
}
