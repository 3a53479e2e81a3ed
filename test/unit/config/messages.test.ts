import { describe, expect, it } from 'vitest';
import { RULE_MESSAGES } from '../../../src/shared/barcode/rule-messages';
import type { MessageCatalog } from '../../../src/shared/config/issues';
import { GENERIC_MESSAGES } from '../../../src/shared/config/issues';
import { SETTINGS_MESSAGES } from '../../../src/shared/config/settings-messages';
import { SETUP_MESSAGES } from '../../../src/shared/config/setup-file';
import { CATALOG_MESSAGES } from '../../../src/shared/registration/catalog-messages';

const CATALOGS: Record<string, MessageCatalog> = { GENERIC_MESSAGES, RULE_MESSAGES, SETTINGS_MESSAGES, SETUP_MESSAGES, CATALOG_MESSAGES };

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

describe('configuration messages', () => {
  it.each(Object.entries(CATALOGS))('%s: every message has both languages with the same placeholders', (_, catalog) => {
    for (const [key, message] of Object.entries(catalog)) {
      expect(message.en.trim(), key).not.toBe('');
      expect(message.ja.trim(), key).not.toBe('');
      expect(message.ja, `${key} is Japanese`).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(placeholders(message.ja), key).toEqual(placeholders(message.en));
    }
  });

  it('keys are unique across catalogs (a key means one thing)', () => {
    const keys = Object.values(CATALOGS).flatMap((catalog) => Object.keys(catalog));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
