// @vitest-environment happy-dom
/**
 * The counter's sentences state the portal's own limits (code lifetime, codes per address, the
 * identification lock's wait) from what the core passes on, in both languages, and fall back to a
 * sentence without a number when the portal did not say. Rendered with the real message files.
 */
import { createPinia } from 'pinia';
import { createApp, h, nextTick } from 'vue';
import { createI18n } from 'vue-i18n';
import { afterEach, describe, expect, it } from 'vitest';
import type { CounterFlowView } from '../../../src/shared/api/registration';
import type { KioskBridge } from '../../../src/shared/kiosk-api';
import type { KioskErrorShape } from '../../../src/shared/errors';
import { en } from '../../../src/renderer/src/i18n/en';
import { ja } from '../../../src/renderer/src/i18n/ja';
import { counterErrorText, formatDuration } from '../../../src/renderer/src/composables/counterErrorText';
import CounterCodeStep from '../../../src/renderer/src/components/registration/CounterCodeStep.vue';
import CounterErrorMessage from '../../../src/renderer/src/components/registration/CounterErrorMessage.vue';

window.kiosk = { on: () => () => undefined } as unknown as KioskBridge;

function i18nFor(locale: 'ja' | 'en') {
  return createI18n({ legacy: false, locale, fallbackLocale: 'ja', messages: { ja, en } });
}

function text(error: KioskErrorShape, locale: 'ja' | 'en'): string {
  const g = i18nFor(locale).global;
  return counterErrorText(error, { t: (key, named) => g.t(key, named), te: (key) => g.te(key), locale });
}

const mounted: Array<() => void> = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

async function render(locale: 'ja' | 'en', component: unknown, props: Record<string, unknown>): Promise<string> {
  const el = document.createElement('div');
  document.body.append(el);
  const app = createApp({ render: () => h(component as never, props) });
  app.use(createPinia()).use(i18nFor(locale));
  app.mount(el);
  mounted.push(() => {
    app.unmount();
    el.remove();
  });
  await nextTick();
  return el.textContent ?? '';
}

function flowWithCode(code: CounterFlowView['code']): CounterFlowView {
  return {
    flowId: 'f', flow: 'signup', step: 'code', memberNo: '2024000001', expiresAt: Date.now() + 3_600_000, resumed: false,
    member: { name: '山田 太郎', nameKana: 'ヤマダ タロウ', maskedEmail: 't***@e***.jp', portalRegistered: false, source: 'portal' },
    email: 'taro@example.ac.jp', emailMatchesRegistered: true, carrier: null, deferredVerification: false, code, profile: null, submission: null, emailChanges: [], repairProblems: null,
  };
}

const clock = (at: number, locale: 'ja' | 'en') => new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { hour: '2-digit', minute: '2-digit' }).format(new Date(at));

describe('the code step states the lifetime the portal gave the code', () => {
  const expiresAt = Date.now() + 5 * 60_000;
  const code = { maskedEmail: 't***@e***.jp', expiresAt, lifetimeMs: 5 * 60_000, resendAvailableAt: 0, codesRemaining: 2, attemptsRemaining: 5, verified: false };

  it('a 5-minute code says 5 minutes, in both languages', async () => {
    expect(await render('ja', CounterCodeStep, { flow: flowWithCode(code) })).toContain(`このコードの有効期限: ${clock(expiresAt, 'ja')}（5 分間）`);
    expect(await render('en', CounterCodeStep, { flow: flowWithCode(code) })).toContain(`This code works until ${clock(expiresAt, 'en')} (5 minutes).`);
  });

  it('without a known lifetime it gives the time only, never a number of its own', async () => {
    const ja = await render('ja', CounterCodeStep, { flow: flowWithCode({ ...code, lifetimeMs: null }) });
    expect(ja).toContain(`このコードの有効期限: ${clock(expiresAt, 'ja')}`);
    expect(ja).not.toMatch(/分間/);
    expect(await render('en', CounterCodeStep, { flow: flowWithCode({ ...code, lifetimeMs: null }) })).toContain(`This code works until ${clock(expiresAt, 'en')}.`);
  });

  it('durations read naturally: minutes, one minute, seconds', () => {
    expect([formatDuration(600_000, 'ja'), formatDuration(60_000, 'en'), formatDuration(600_000, 'en'), formatDuration(2_000, 'ja'), formatDuration(2_000, 'en')]).toEqual([
      '10 分', '1 minute', '10 minutes', '2 秒', '2 seconds',
    ]);
  });
});

describe('the errors state the portal’s limits', () => {
  it('code expired: the lifetime from the core; without it the plain sentence', () => {
    expect(text({ code: 'code_expired', message: '', details: { codeLifetimeSeconds: 300 } }, 'ja')).toBe('このコードは有効期限（5 分）が切れました。「新しいコードを送る」を押してください。');
    expect(text({ code: 'code_expired', message: '', details: { codeLifetimeSeconds: 300 } }, 'en')).toBe('This code has expired (codes work for 5 minutes). Press “Send a new code”.');
    expect(text({ code: 'code_expired', message: '' }, 'ja')).toBe('このコードは有効期限が切れました。「新しいコードを送る」を押してください。');
    expect(text({ code: 'code_expired', message: '' }, 'en')).not.toMatch(/\d/);
  });

  it('generation cap: the portal’s maximum and the wait', () => {
    const error: KioskErrorShape = { code: 'code_generation_limit', message: '', details: { maxCodes: 3, retryAfterSeconds: 290 } };
    expect(text(error, 'ja')).toBe('このアドレスに送れるコードの上限（3 回）に達しました。5 分ほど待ってから、もう一度送ってください。');
    expect(text(error, 'en')).toBe('The most codes one address can get (3) have been sent. Wait about 5 minutes, then send again.');
    expect(text({ ...error, details: { retryAfterSeconds: 30 } }, 'en')).toBe('The most codes one address can get have been sent. Wait about 1 minute, then send again.');
  });

  it('identification locked: what to do next, with the wait when the portal gave it', async () => {
    const error: KioskErrorShape = { code: 'identify_locked', message: '', details: { retryAfterSeconds: 900, maxWrongBirthdates: 5 } };
    expect(text(error, 'ja')).toBe(
      '生年月日が何度も一致しなかったため、この会員番号での確認をいったん止めています。15 分ほどたってからもう一度入力するか、学生証を持ってカウンターのスタッフに声をかけてください。',
    );
    expect(text(error, 'en')).toBe(
      'The date of birth did not match too many times, so this member number is paused for now. Try again in about 15 minutes, or ask the counter staff and show your student ID.',
    );
    expect(text({ code: 'identify_locked', message: '' }, 'en')).toMatch(/Try again later, or ask the counter staff/);
    // The banner the identification screen shows.
    const banner = await render('en', CounterErrorMessage, { error });
    expect(banner).toContain('Try again in about 15 minutes');
  });
});

describe('wrong birthdates', () => {
  it('say how many tries are left, and that a saved form was deleted after too many', () => {
    expect(text({ code: 'birthdate_mismatch', message: 'x', details: { attemptsRemaining: 2 } }, 'ja')).toBe('生年月日が登録と一致しません。年・月・日を確かめてください（あと 2 回まで入力できます）。');
    expect(text({ code: 'birthdate_mismatch', message: 'x', details: { attemptsRemaining: 2 } }, 'en')).toContain('(tries left: 2)');
    expect(text({ code: 'birthdate_mismatch', message: 'x' }, 'ja')).toBe('生年月日が登録と一致しません。年・月・日を確かめてください。');
    expect(text({ code: 'draft_discarded', message: 'x', details: { maxWrong: 5 } }, 'ja')).toContain('保存されていた入力内容を消去しました');
    expect(text({ code: 'draft_discarded', message: 'x', details: { maxWrong: 5 } }, 'en')).toContain('the saved form was deleted');
  });
});
