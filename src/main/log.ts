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
 */

export type LogLine = (line: string) => void;

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

/**
 * A log function that redacts every line before handing it to `sink` (stdout by default).
 * `secrets` are exact strings never to be printed (the device secret).
 */
export function createKioskLog(options: { sink?: LogLine; secrets?: readonly string[] } = {}): LogLine {
  const sink = options.sink ?? ((line: string) => console.log(line));
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 4);
  return (line: string) => sink(redactPii(String(line), secrets));
}
