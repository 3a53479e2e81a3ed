/**
 * What the nomenclature editor and its live tester say, in Japanese and English: why a rule set
 * is refused (what to fix), and why a rule did not match a scan. Keys are stable; `{name}` is
 * filled from the parameters.
 */
import type { MessageCatalog } from '../config/issues';

export const RULE_MESSAGES = {
  // Validation of rules (editor, JSON import).
  'rule.id.format': {
    en: 'Use 1–64 lower-case letters, digits and hyphens for the rule id, starting with a letter or digit (e.g. member-card-nw7).',
    ja: 'ルールIDは英小文字・数字・ハイフンで1〜64文字にしてください（先頭は英小文字か数字。例: member-card-nw7）。',
  },
  'rule.id.duplicate': { en: 'Another rule already has the id {id}: give this one another id.', ja: 'ID「{id}」は別のルールで使われています。別のIDにしてください。' },
  'rule.symbology.format': {
    en: 'Write a symbology as an AIM id such as ]F0, or its first two characters such as ]F (NW-7), ]C (Code 128), ]E (JAN), ]Q (QR).',
    ja: 'シンボル体系はAIM ID（例: ]F0）か、その先頭2文字（]F = NW-7、]C = Code 128、]E = JAN、]Q = QR）で書いてください。',
  },
  'rule.startStop.letters': { en: 'Start and stop characters are letters among A, B, C and D, each once.', ja: 'スタート・ストップ文字は A・B・C・D から選んでください（重複なし）。' },
  'rule.startStop.notCodabar': {
    en: 'Start/stop characters exist only in NW-7 (Codabar): limit the symbologies to ]F, or turn start/stop off.',
    ja: 'スタート・ストップ文字があるのは NW-7（Codabar）だけです。シンボル体系を ]F に限るか、スタート・ストップ文字の設定を外してください。',
  },
  'rule.length.order': { en: 'The longest length must not be shorter than the shortest.', ja: '最大の長さは最小の長さ以上にしてください。' },
  'rule.modes.letter': { en: 'A mode letter is one upper-case letter or digit.', ja: 'モードの文字は英大文字か数字1文字にしてください。' },
  'rule.pattern.invalid': {
    en: 'This pattern is not a valid regular expression ({detail}). Fix it, or leave the pattern empty and use length, prefix and characters.',
    ja: 'パターンが正規表現として正しくありません（{detail}）。直すか、パターンを空にして長さ・プレフィックス・文字種で指定してください。',
  },
  'rule.pattern.slow': {
    en: 'This pattern could take very long on some scans (a repetition inside a repetition, such as (\\d+)+). Write it without nested repetition.',
    ja: 'このパターンは読み取り内容によって非常に時間がかかるおそれがあります（(\\d+)+ のような繰り返しの入れ子）。入れ子にしない形で書いてください。',
  },
  'rule.number.noGroup': {
    en: 'To take the number from the pattern, the pattern needs a group named number, e.g. ^A(?<number>[0-9]{8}).$',
    ja: 'パターンから番号を取るには、number という名前のグループが必要です（例: ^A(?<number>[0-9]{8}).$）。',
  },
  'rule.check.symbolNeedsStartStop': {
    en: 'A check over the whole symbol includes the start/stop characters: set the rule’s start/stop characters, or compute the check over the data only.',
    ja: 'シンボル全体のチェックにはスタート・ストップ文字が含まれます。ルールにスタート・ストップ文字を設定するか、データのみでチェックしてください。',
  },
  'rule.check.symbolNeedsKnownStartStop': {
    en: 'When the scanner may strip the start/stop characters, the check over the whole symbol needs to know them: choose exactly one start and one stop letter, or set start/stop to “kept”.',
    ja: 'スキャナーがスタート・ストップ文字を送らない場合、シンボル全体のチェックには文字が分かっている必要があります。スタート・ストップを1文字ずつに決めるか、「送られる」にしてください。',
  },
  'rule.check.symbolWithoutScheme': { en: 'Choose a check scheme, or compute over the data.', ja: 'チェック方式を選ぶか、チェック範囲をデータにしてください。' },
  'ruleSet.tooNew': {
    en: 'These rules were made by a newer kiosk (format {version}; this kiosk reads up to {supported}). Update this kiosk first, or export the rules again from a kiosk of the same version.',
    ja: 'このルールは新しいバージョンの端末で作られています（形式 {version}、この端末は {supported} まで）。先にこの端末を更新するか、同じバージョンの端末から書き出し直してください。',
  },
  'ruleSet.json': {
    en: 'The file is not valid JSON ({detail}). Choose a file exported from the nomenclature screen.',
    ja: 'ファイルがJSONとして読めません（{detail}）。バーコード規則の画面で書き出したファイルを選んでください。',
  },
  // Why a rule did not match a scan (live tester).
  'scan.failed.generic': { en: 'This rule does not match.', ja: 'このルールには合いません。' },
  'scan.symbology': { en: 'The scanner sent symbology {sent}; this rule reads {accepted} only.', ja: 'スキャナーが送ったシンボル体系は {sent} です。このルールは {accepted} だけを読みます。' },
  'scan.startStop.missing': {
    en: 'No start/stop characters ({start} … {stop}) at both ends; this rule expects the scanner to send them.',
    ja: '両端にスタート・ストップ文字（{start} … {stop}）がありません。このルールはスキャナーが送る設定を前提にしています。',
  },
  'scan.startStop.unpaired': {
    en: 'Only one end has a start/stop character ({start} … {stop}), or they differ: both ends or neither.',
    ja: 'スタート・ストップ文字（{start} … {stop}）が片側だけにあるか、左右で違います。両端にあるか、両方ないかのどちらかです。',
  },
  'scan.startStop.unexpected': { en: 'The code has start/stop characters; this rule expects the scanner to strip them.', ja: 'スタート・ストップ文字が付いています。このルールはスキャナーが外す設定を前提にしています。' },
  'scan.prefix': { en: 'The code does not begin with {prefixes}.', ja: 'コードが {prefixes} で始まっていません。' },
  'scan.length': { en: 'The code has {found} characters; this rule reads {expected}.', ja: 'コードは {found} 文字です。このルールは {expected} 文字を読みます。' },
  'scan.characters.digits': { en: 'The code has characters other than digits.', ja: '数字以外の文字が含まれています。' },
  'scan.characters.codabar': { en: 'The code has characters NW-7 data cannot hold (digits and - $ : / . + only).', ja: 'NW-7 のデータに使えない文字が含まれています（数字と - $ : / . + のみ）。' },
  'scan.characters.crockford32': { en: 'The code has characters outside Crockford base32.', ja: 'Crockford base32 以外の文字が含まれています。' },
  'scan.characters.alphanumeric': { en: 'The code has characters other than letters and digits.', ja: '英字と数字以外の文字が含まれています。' },
  'scan.characters.any': { en: 'The code has characters this rule does not read.', ja: 'このルールが読まない文字が含まれています。' },
  'scan.checkCharacter': { en: 'The last character “{found}” cannot be a {scheme} check character.', ja: '最後の文字「{found}」は {scheme} のチェック文字になりえません。' },
  'scan.pattern': { en: 'The code does not match the rule’s pattern.', ja: 'コードがルールのパターンに合いません。' },
  'scan.checkDigit': { en: 'Check character wrong: expected {expected}, found {found}.', ja: 'チェック文字が違います（正しくは {expected}、読み取りは {found}）。' },
  'scan.mode': { en: 'The mode letter “{letter}” is not one of {letters}.', ja: 'モードの文字「{letter}」は {letters} のどれでもありません。' },
  'scan.number': { en: 'No number is left after taking the part the rule says.', ja: 'ルールの指定どおりに取り出すと番号が空になります。' },
  'scan.summary.memberCard': { en: 'Member card {number} (rule {rule}).', ja: '会員証 {number}（ルール {rule}）。' },
  'scan.summary.staffCard': { en: 'Staff card {number} (rule {rule}).', ja: '職員カード {number}（ルール {rule}）。' },
  'scan.summary.appToken': { en: 'App barcode, mode {mode} (rule {rule}).', ja: 'アプリのバーコード、モード {mode}（ルール {rule}）。' },
  'scan.summary.empty': { en: 'Nothing was read.', ja: '何も読み取れませんでした。' },
  'scan.summary.too_long': { en: 'The code is longer than any rule reads.', ja: 'コードが長すぎます。' },
  'scan.summary.not_printable': { en: 'The code contains control characters; check the scanner’s settings.', ja: 'コードに制御文字が含まれています。スキャナーの設定を確認してください。' },
  'scan.summary.product_code': { en: 'A product code, not a member card (rule {rule}).', ja: '商品コードです。会員証ではありません（ルール {rule}）。' },
  'scan.summary.bad_check_digit': { en: 'Check character wrong (rule {rule}): not accepted.', ja: 'チェック文字が違うため受け付けません（ルール {rule}）。' },
  'scan.summary.unrecognised': { en: 'No rule reads this code.', ja: 'このコードを読むルールはありません。' },
} as const satisfies MessageCatalog;

export type RuleMessageKey = keyof typeof RULE_MESSAGES;
