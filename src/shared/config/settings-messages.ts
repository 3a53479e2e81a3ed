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
  'settings.printerPort': { en: 'Printer “{uri}”: the port must be 1 to 65535.', ja: 'プリンター「{uri}」: ポート番号は 1〜65535 にしてください。' },
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
