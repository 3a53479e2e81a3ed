/**
 * How each setting is edited on the admin screen: the kind of field, its text in the field, and
 * the value sent to the core (the core validates: a field that is not a number is sent as typed,
 * so the refusal names the field and says what to fix).
 */
import { drawerPrinterUris, SETTING_CHOICES, type SettingKey } from '@shared/config/settings';

export type SettingFieldKind = 'boolean' | 'number' | 'language' | 'choice' | 'numberList' | 'textList' | 'nullableText' | 'drawerPrinters' | 'text';

export function settingFieldKind(key: SettingKey, value: unknown): SettingFieldKind {
  if (key === 'session.language') return 'language';
  if (SETTING_CHOICES[key]) return 'choice';
  if (key === 'register.topupPresets') return 'numberList';
  if (key === 'scanners.uris' || key === 'printers.uris') return 'textList';
  if (key === 'links.emailChangeFormUrl') return 'nullableText';
  if (key === 'printers.drawers') return 'drawerPrinters';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  return 'text';
}

/** The field's text (or checkbox state) for a value in force. */
export function settingFieldText(value: unknown): string | boolean {
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.join(', ');
  if (value === null || value === undefined) return '';
  return String(value);
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The drawer printers to send when the printers section is saved, or undefined when nothing
 * changes: the ticked printers among those the (edited) list holds, sent when they differ from
 * the setting in force — a choice made earlier, or, never chosen, the list's first printer (what
 * the kiosk would do without an edit). So what the screen shows ticked is what is kept.
 */
export function drawerPrintersEdit(uris: readonly string[], ticked: readonly string[], inForce: readonly string[] | null): string[] | undefined {
  const chosen = uris.filter((uri) => ticked.includes(uri));
  const kept = inForce ?? drawerPrinterUris({ uris, drawers: null });
  return JSON.stringify(chosen) === JSON.stringify(kept) ? undefined : chosen;
}

/** The value sent to the core for what the field holds. */
export function settingFieldValue(kind: SettingFieldKind, field: string | boolean): unknown {
  if (typeof field === 'boolean') return field;
  const text = field.trim();
  const items = () =>
    text
      .split(/[,、，]/)
      .map((item) => item.trim())
      .filter(Boolean);
  switch (kind) {
    case 'number':
      return NUMBER.test(text) ? Number(text) : text;
    case 'numberList':
      return items().map((item) => (NUMBER.test(item) ? Number(item) : item));
    case 'textList':
      return items();
    case 'nullableText':
      return text === '' ? null : text;
    default:
      return text;
  }
}
