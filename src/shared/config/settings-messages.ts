/** What the settings screen says when a value is refused (Japanese and English). */
import type { MessageCatalog } from './issues';

export const SETTINGS_MESSAGES = {
  'settings.timeZone': {
    en: 'Use a time zone name from the IANA list, such as Asia/Tokyo.',
    ja: 'タイムゾーンは IANA の名前で入力してください（例: Asia/Tokyo）。',
  },
  'settings.yen': { en: 'Enter whole yen from 1 to 10,000,000.', ja: '1〜10,000,000 円の整数で入力してください。' },
  'settings.presetAboveMax': {
    en: 'The preset {preset} yen is above the top-up limit ({max} yen): lower the preset or raise the limit.',
    ja: 'プリセット {preset} 円がチャージ上限（{max} 円）を超えています。プリセットを下げるか上限を上げてください。',
  },
  'settings.idleWarning': {
    en: 'The countdown before the wipe must be shorter than the idle time ({idle} s).',
    ja: '消去前のカウントダウンは、無操作時間（{idle} 秒）より短くしてください。',
  },
  'settings.httpsUrl': { en: 'Enter a web address that starts with https://.', ja: 'https:// で始まるWebアドレスを入力してください。' },
  'settings.scannerUri': {
    en: 'Scanner “{uri}”: write serial:/dev/ttyACM0?baudRate=9600, usb:hidpos, wedge or sim.',
    ja: 'スキャナー「{uri}」: serial:/dev/ttyACM0?baudRate=9600、usb:hidpos、wedge、sim のいずれかの形で書いてください。',
  },
  'settings.scannerDetail': {
    en: 'Scanner “{uri}”: {detail}. Fix the address or remove it.',
    ja: 'スキャナー「{uri}」: {detail}。アドレスを直すか、削除してください。',
  },
  'settings.printerUri': {
    en: 'Printer “{uri}”: write serial:/dev/ttyUSB0?baudRate=38400, tcp:printer-host:9100 or usb:04b8:0202 (vendor:product in hex).',
    ja: 'プリンター「{uri}」: serial:/dev/ttyUSB0?baudRate=38400、tcp:ホスト名:9100、usb:04b8:0202（ベンダー:製品、16進）のいずれかの形で書いてください。',
  },
  'settings.printerBaud': {
    en: 'Printer “{uri}”: the baud rate must be one of {rates}.',
    ja: 'プリンター「{uri}」: 通信速度は {rates} のいずれかにしてください。',
  },
  'settings.printerDetail': {
    en: 'Printer “{uri}”: {detail}. Fix the address or remove it.',
    ja: 'プリンター「{uri}」: {detail}。アドレスを直すか、削除してください。',
  },
  'settings.printerPort': { en: 'Printer “{uri}”: the port must be 1 to 65535.', ja: 'プリンター「{uri}」: ポート番号は 1〜65535 にしてください。' },
  'settings.drawerNotPrinter': {
    en: 'The cash drawer is set on printer “{uri}”, which is not in the printer list: tick the drawer on a listed printer (or add that printer).',
    ja: 'キャッシュドロアがプリンター「{uri}」に設定されていますが、そのプリンターは一覧にありません。一覧のプリンターでドロアを選ぶか、そのプリンターを追加してください。',
  },
  'settings.duplicate': { en: '“{value}” is listed twice: keep it once.', ja: '「{value}」が2回入っています。1つにしてください。' },
  'settings.locked': {
    en: 'This value is set by the environment variable {variable} and cannot be changed here: change it in the kiosk’s start-up configuration.',
    ja: 'この値は環境変数 {variable} で設定されているため、ここでは変更できません。端末の起動設定で変更してください。',
  },
  'settings.unknownKey': { en: 'There is no setting {key}.', ja: '設定項目 {key} はありません。' },
  'settings.env': {
    en: 'The environment variable {variable} is not valid: {detail}',
    ja: '環境変数 {variable} の値が正しくありません: {detail}',
  },
} as const satisfies MessageCatalog;

/** Each setting's name, for the admin screen, the set-up preview and the audit viewer. */
export const SETTING_LABELS = {
  'store.name': { ja: '店舗名（レシート）', en: 'Store name (receipts)' },
  'store.receiptAddress': { ja: '住所（レシート）', en: 'Address line (receipts)' },
  'store.timeZone': { ja: 'タイムゾーン', en: 'Time zone' },
  'register.topupPresets': { ja: 'チャージのプリセット（円）', en: 'Top-up presets (yen)' },
  'register.topupMax': { ja: '1 回のチャージ上限（円）', en: 'Largest top-up (yen)' },
  'register.balanceMax': { ja: '残高の上限（円）', en: 'Largest balance (yen)' },
  'register.drawerFloat': { ja: '釣り銭準備金（円）', en: 'Drawer float (yen)' },
  'register.onlineWaitSeconds': { ja: 'ポータルの応答を待つ時間（秒）', en: 'Wait for the portal (seconds)' },
  'register.typedPayments': { ja: '会員番号の手入力での支払い', en: 'Payments on a typed member number' },
  'offline.payments': { ja: 'オフライン時の支払い', en: 'Payments while offline' },
  'offline.paymentMax': { ja: 'オフライン支払い 1 回の上限（円）', en: 'Largest offline payment (yen)' },
  'offline.memberMax': { ja: '1 人あたりの未送信合計の上限（円）', en: 'Unsent offline payments per member (yen)' },
  'offline.kioskMax': { ja: '端末全体の未送信合計の上限（円）', en: 'Unsent offline payments on this kiosk (yen)' },
  'offline.maxAgeHours': { ja: 'オフラインで使える情報の古さ（時間）', en: 'Oldest offline data allowed (hours)' },
  'session.language': { ja: '最初に表示する言語', en: 'Starting language' },
  'session.idleSeconds': { ja: '無操作で消去するまで（秒）', en: 'Idle time before the wipe (seconds)' },
  'session.idleWarningSeconds': { ja: '消去前のカウントダウン（秒）', en: 'Countdown before the wipe (seconds)' },
  'session.staffIdleSeconds': { ja: '職員の自動サインアウト（秒）', en: 'Staff auto sign-out (seconds)' },
  'privacy.nameRetentionDays': { ja: 'レジ記録に氏名を残す日数', en: 'Days names stay on register rows' },
  'scanners.uris': { ja: 'スキャナー', en: 'Scanners' },
  'printers.uris': { ja: 'レシートプリンター', en: 'Receipt printers' },
  'printers.memberName': { ja: 'レシートに会員の氏名を印字する', en: 'Print the member’s name on receipts' },
  'printers.drawers': { ja: 'キャッシュドロアをつないだプリンター', en: 'Printers with the cash drawer connected' },
  'links.passwordGuideUrl': { ja: 'パスワード設定の案内 URL', en: 'Password guide URL' },
  'links.emailChangeFormUrl': { ja: 'メールアドレス変更フォームの URL', en: 'E-mail change form URL' },
} as const;

/** The typed-payment policies' names (no card, no app barcode: the cashier typed the member number). */
export const TYPED_PAYMENT_LABELS = {
  allow: { ja: '認める', en: 'Allowed' },
  approve: { ja: '責任者の承認があれば認める', en: 'With a supervisor’s approval' },
  refuse: { ja: '認めない（カードかアプリのバーコードのみ）', en: 'Refused (card or app barcode only)' },
} as const;
