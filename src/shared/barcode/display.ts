/** Showing scanned data that may be garbage: escaped, bounded, safe to put in a log line or a label. */

/**
 * Escapes control characters (`\r`, `\n`, `\t`, `\xNN`, `\u{...}` for C1, lone surrogates, U+FFFD)
 * and cuts the result at `maxChars` visible characters, marking the cut with `…(+N)`.
 */
export function displayScanData(data: string, maxChars = 64): string {
  let out = '';
  let shown = 0;
  let i = 0;
  for (; i < data.length && shown < maxChars; i++) {
    const code = data.charCodeAt(i);
    let piece: string;
    if (code === 0x0d) piece = '\\r';
    else if (code === 0x0a) piece = '\\n';
    else if (code === 0x09) piece = '\\t';
    else if (code === 0x5c) piece = '\\\\';
    else if (code < 0x20 || code === 0x7f) piece = `\\x${code.toString(16).padStart(2, '0')}`;
    else if ((code >= 0x80 && code <= 0x9f) || code === 0xfffd) piece = `\\u{${code.toString(16)}}`;
    else if (code >= 0xd800 && code <= 0xdbff && data.charCodeAt(i + 1) >= 0xdc00 && data.charCodeAt(i + 1) <= 0xdfff) {
      piece = data.slice(i, i + 2);
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) piece = `\\u{${code.toString(16)}}`;
    else piece = data.charAt(i);
    out += piece;
    shown++;
  }
  const rest = data.length - i;
  return rest > 0 ? `${out}…(+${rest})` : out;
}
