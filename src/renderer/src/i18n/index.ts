import { createI18n } from 'vue-i18n';
import type { Language } from '@shared/kiosk-api';
import { en } from './en';
import { ja, type MessageSchema } from './ja';

export const i18n = createI18n<[MessageSchema], Language, false>({
  legacy: false,
  locale: 'ja',
  fallbackLocale: 'ja',
  messages: { ja, en },
});

export function setLanguage(language: Language): void {
  i18n.global.locale.value = language;
  document.documentElement.lang = language;
}
