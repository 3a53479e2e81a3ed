/**
 * The printed hand-off slip (issue 16): what the done screen shows, on paper, for the student to
 * take to their phone — the QR to the configured password guide and the checklist in the guides'
 * order (password, app, first sign-in, PokePay, time and signal). Nothing personal beyond the
 * masked address the codes go to. A ReceiptLine document like the receipt (./layout.ts), so the
 * core prints it with the same renderer (src/main/receipt/render.ts) and spooler. Pure: no Node,
 * no DOM. In the student's language (the receipt's labels are Japanese; this slip is theirs).
 */
import { escapeReceiptText } from './layout';

export interface HandoffSlipInput {
  /** The password guide the QR opens (KIOSK_PASSWORD_GUIDE_URL: the co-op app guidance site, or e.g. https://vsign.jp/). */
  passwordGuideUrl: string;
  /** The address the 6-digit codes go to, masked (t***@e***.jp); null when the kiosk has none to show. */
  maskedEmail: string | null;
  language: 'ja' | 'en';
  /** The store's name for the header. */
  storeName: string;
}

interface SlipWords {
  title: string;
  lead: string;
  qr: string;
  steps: ReadonlyArray<{ title: string; items: readonly string[] }>;
  codeTo: (masked: string) => string;
  never: string;
}

/** The checklist in the guides' order; the same facts as the done screen (counter.done.steps). */
const WORDS: Record<HandoffSlipInput['language'], SlipWords> = {
  ja: {
    title: 'アプリの設定 チェックリスト',
    lead: 'このあと、ご自分のスマートフォンで、この順に進めてください。',
    qr: 'QR コードを読み取ると、パスワードの設定の案内ページが開きます。',
    codeTo: (masked) => `確認コード（6 桁）は ${masked} に届きます。`,
    steps: [
      { title: '1. パスワードを設定する', items: ['案内ページの「パスワードの設定をする」を押し、メールに届く 6 桁のコードを入れます。', 'パスワードは 8 文字以上、英小文字・英大文字・数字・記号をすべて混ぜます。'] },
      { title: '2. 大学生協アプリ（公式）をインストール', items: ['iPhone: iOS 11 以降（日本語環境のみ）', 'Android: 9.0 以降（らくらくフォン不可）'] },
      { title: '3. アプリで初めてサインイン', items: ['メールアドレスをもう一度コードで確かめます。', '多要素認証: Japan (+81) と携帯電話番号、SMS か音声通話のコード。'] },
      { title: '4. 生協電子マネー（PokePay）', items: ['「決済機能を利用しますか？」は「はい」。', '「アクセスを許可する」を押します。', 'ログイン情報は携帯電話番号とメールアドレスの両方を登録します。'] },
      { title: '5. 時間と電波', items: ['10 分から 15 分かかります。電波のよい場所で。', '途中でやめないでください（「ログインエラー」になり、管理者の修復が必要です）。'] },
    ],
    never: 'パスワードや認証コードを、だれにも教えないでください。',
  },
  en: {
    title: 'App setup checklist',
    lead: 'Next, on your own phone, in this order:',
    qr: 'Scan the QR code to open the password guide.',
    codeTo: (masked) => `The 6-digit codes go to ${masked}.`,
    steps: [
      { title: '1. Set your password', items: ['Press "パスワードの設定をする" on the guide and type the 6-digit code from your mail.', '8 characters or more, with lower case, upper case, digits and symbols.'] },
      { title: '2. Install 大学生協アプリ(公式)', items: ['iPhone: iOS 11 or later, Japanese language setting only.', 'Android: 9.0 or later (Raku-Raku phones are not supported).'] },
      { title: '3. First sign-in to the app', items: ['Your address is checked again with a code.', 'Multi-factor: Japan (+81), your mobile number, a code by SMS or voice call.'] },
      { title: '4. Co-op e-money (PokePay)', items: ['Answer "はい" (yes) to the payment question.', 'Press "アクセスを許可する" (allow access).', 'Add both your mobile number and your e-mail as logins.'] },
      { title: '5. Time and signal', items: ['Allow 10 to 15 minutes with a good signal.', 'Do not stop halfway: a "login error" needs the administrator to repair.'] },
    ],
    never: 'Never tell anyone your password or a code.',
  },
};

/** A URL inside a ReceiptLine property: `;` escaped, braces and control characters refused. */
function propertyValue(url: string): string {
  // eslint-disable-next-line no-control-regex -- a URL with control characters is not printed
  if (!/^https:\/\/[^\s{}\u0000-\u001f\u007f]+$/.test(url)) throw new Error(`The password guide URL cannot be printed: ${url}`);
  return url.replace(/\\/g, '\\\\').replace(/;/g, '\\;');
}

/** The slip as a ReceiptLine document. */
export function handoffSlipDocument(input: HandoffSlipInput): string {
  const w = WORDS[input.language];
  const lines: string[] = [];
  lines.push(`^^${escapeReceiptText(input.storeName)}`);
  lines.push(`"${escapeReceiptText(w.title)}"`);
  lines.push('---');
  lines.push(escapeReceiptText(w.lead));
  lines.push('');
  lines.push(`{code: ${propertyValue(input.passwordGuideUrl)}; option: qrcode 6 m}`);
  lines.push(escapeReceiptText(w.qr));
  lines.push(escapeReceiptText(input.passwordGuideUrl));
  if (input.maskedEmail) lines.push(`"${escapeReceiptText(w.codeTo(input.maskedEmail))}"`);
  // A leading `|` aligns a line left in ReceiptLine (the checklist reads as a list).
  for (const step of w.steps) {
    lines.push('');
    lines.push(`|"${escapeReceiptText(step.title)}"`);
    for (const item of step.items) lines.push(`|・${escapeReceiptText(item)}`);
  }
  lines.push('---');
  lines.push(escapeReceiptText(w.never));
  return `${lines.join('\n')}\n`;
}
