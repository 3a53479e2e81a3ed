// @vitest-environment happy-dom
/**
 * The receipt SVG is drawn inline (so it can use the bundled font): the allow-list keeps what
 * receiptline draws a receipt with and drops everything that could run, load or link.
 */
import { createApp, h, nextTick } from 'vue';
import { createI18n } from 'vue-i18n';
import { afterEach, describe, expect, it } from 'vitest';
import { DOMParser as XmlDomParser } from '@xmldom/xmldom';
import { transform } from 'receiptline';
import { receiptDocument } from '../../../src/shared/receipt/layout';
import { en } from '../../../src/renderer/src/i18n/en';
import { ja } from '../../../src/renderer/src/i18n/ja';
import { sanitiseReceiptSvg, UnsafeSvgError, type SafeSvgElement } from '../../../src/renderer/src/components/register/receipt-svg';
import ReceiptPaperSvg from '../../../src/renderer/src/components/register/ReceiptPaperSvg';

const ID = '3f2a6c1e-8b7d-4e5f-9a0b-1c2d3e4f5a6b';
// receiptline's own SVG of the receipt layout, as the core renders it (receipt-render.ts), web-font @import included.
const realReceipt = transform(
  receiptDocument({
    store: { name: '生協ショップ', addressLine: '東京都文京区 03-1234-5678' },
    kind: 'topup',
    amount: 1000,
    cashReceived: 5000,
    change: 4000,
    balanceAfter: 6000,
    memberNo: '2024000001',
    memberName: '山田 太郎',
    cashier: 'レジ 担当',
    at: Date.UTC(2026, 11, 1, 0, 30),
    clientRequestId: ID,
  }),
  { command: 'svg', encoding: 'cp932', cpl: 48, cutting: true, spacing: true },
);

function text(node: SafeSvgElement): string {
  return node.children.map((c) => (typeof c === 'string' ? c : text(c))).join('');
}
function tags(node: SafeSvgElement): string[] {
  return [node.tag, ...node.children.flatMap((c) => (typeof c === 'string' ? [] : tags(c)))];
}
function attrNames(node: SafeSvgElement): string[] {
  return [...Object.keys(node.attrs), ...node.children.flatMap((c) => (typeof c === 'string' ? [] : attrNames(c)))];
}
const wrap = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="576px" height="100px" viewBox="0 0 576 100">${inner}</svg>`;

describe('sanitiseReceiptSvg', () => {
  it("keeps receiptline's receipt: its text, rules and barcode, with geometry and presentation", () => {
    // A standard XML parser as Chromium's (happy-dom's reads no CDATA, which receiptline's <style> is).
    const tree = sanitiseReceiptSvg(realReceipt, new XmlDomParser() as unknown as DOMParser);
    expect(tree.tag).toBe('svg');
    expect(tree.attrs).toMatchObject({ width: '576px', viewBox: expect.stringMatching(/^0 0 576 \d+$/), preserveAspectRatio: 'xMinYMin meet' });
    const all = text(tree).replace(/\u00a0/g, ' ');
    for (const part of ['生協ショップ', 'チャージ（入金）', '山田 太郎 様', 'レジ 担当', '￥1,000', '￥4,000', '￥6,000', `取引ID ${ID}`]) expect(all).toContain(part);
    expect(new Set(tags(tree))).toEqual(new Set(['svg', 'g', 'text', 'tspan', 'path']));
    // The barcode's bars are there (one path of many rectangles).
    const paths = JSON.stringify(tree).match(/"d":"M0,0h\d+v64h-\d+z/g);
    expect(paths).toHaveLength(1);
    // receiptline's web-font <style> and invert filter (defs/filter, its id) are not kept: the layout inverts nothing.
    expect(realReceipt).toContain('<style');
    expect(attrNames(tree)).not.toContain('id');
    expect(new Set(attrNames(tree))).toEqual(
      new Set(['width', 'height', 'viewBox', 'preserveAspectRatio', 'font-family', 'fill', 'font-size', 'dominant-baseline', 'text-anchor', 'lang', 'transform', 'x', 'd', 'stroke', 'stroke-width']),
    );
  });

  it('drops script, foreignObject, image, use, style and every element off the list, with their content', () => {
    const tree = sanitiseReceiptSvg(
      wrap(
        '<script>alert(1)</script><foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(2)"/>HTML</div></foreignObject>' +
          '<image href="https://evil.example/p.png" width="10" height="10"/><use href="https://evil.example/s.svg#x"/><use xlink:href="#a"/>' +
          '<style>text{fill:url(https://evil.example/f)}</style><a href="javascript:alert(3)"><text>link</text></a><animate attributeName="href" to="javascript:alert(4)"/>' +
          '<set attributeName="onclick" to="alert(5)"/><iframe src="https://evil.example"/><g><text x="1">ok</text></g>',
      ),
    );
    expect(tags(tree)).toEqual(['svg', 'g', 'text']);
    expect(text(tree)).toBe('ok');
  });

  it('drops event handlers, links and values that reference anything', () => {
    const tree = sanitiseReceiptSvg(
      wrap(
        '<g onload="alert(1)" onclick="alert(2)" ONMOUSEOVER="alert(3)" style="fill:red" href="javascript:alert(4)" xlink:href="javascript:alert(5)" filter="url(#f)" transform="translate(0,10)">' +
          '<rect width="10" height="10" fill="url(https://evil.example/g)"/>' +
          '<path d="M0,0h1" stroke="u\\72l(https://evil.example)" fill="#000"/>' +
          '<text font-family="x;background:url(//evil.example)" x="3" mask="url(#m)" clip-path="url(#c)" cursor="url(x.cur)">a</text>' +
          '<line x1="0" y1="0" x2="5" y2="5" stroke="javascript:alert(6)"/>' +
          '</g>',
      ),
    );
    const g = tree.children[0] as SafeSvgElement;
    expect(g.attrs).toEqual({ transform: 'translate(0,10)' });
    const [rect, path, textEl, line] = g.children as SafeSvgElement[];
    expect(rect).toEqual({ tag: 'rect', attrs: { width: '10', height: '10' }, children: [] });
    expect(path?.attrs).toEqual({ d: 'M0,0h1', fill: '#000' });
    expect(textEl?.attrs).toEqual({ x: '3' });
    expect(line?.attrs).toEqual({ x1: '0', y1: '0', x2: '5', y2: '5' });
    expect(JSON.stringify(tree)).not.toMatch(/alert|evil|url|javascript/i);
  });

  it('refuses what is not an SVG document, and absurd sizes', () => {
    expect(() => sanitiseReceiptSvg('<html><body onload="alert(1)">x</body></html>')).toThrow(UnsafeSvgError);
    expect(() => sanitiseReceiptSvg('<svg xmlns="http://www.w3.org/2000/svg"><text>unclosed</svg>')).toThrow(UnsafeSvgError);
    expect(() => sanitiseReceiptSvg(wrap('<g><text>x</text></g>'.repeat(10_001)))).toThrow(/too large/);
    expect(() => sanitiseReceiptSvg(wrap(`${'<g>'.repeat(40)}${'</g>'.repeat(40)}`))).toThrow(/too large/);
  });
});

describe('ReceiptPaperSvg', () => {
  const mounted: Array<() => void> = [];
  afterEach(() => {
    for (const unmount of mounted.splice(0)) unmount();
  });

  async function mount(svg: string, locale: 'ja' | 'en'): Promise<HTMLElement> {
    const host = document.createElement('div');
    document.body.append(host);
    const i18n = createI18n({ legacy: false, locale, messages: { ja, en } });
    const app = createApp({ render: () => h(ReceiptPaperSvg, { svg, label: 'the receipt', 'data-testid': 'receipt-preview', 'data-reprint': 'false' }) });
    app.use(i18n).mount(host);
    mounted.push(() => {
      app.unmount();
      host.remove();
    });
    await nextTick();
    return host;
  }

  it('draws the receipt inline as one named image, in the SVG namespace, with no handler from the input', async () => {
    // The core sends it without receiptline's web-font <style> (receipt-render.ts).
    const fromCore = realReceipt.replace(/<style[^]*?<\/style>/, '');
    const host = await mount(fromCore.replace('<g ', '<g onclick="window.hacked=1" '), 'ja');
    const svg = host.querySelector('svg') as SVGSVGElement;
    expect(svg.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('the receipt');
    expect(svg.dataset.testid).toBe('receipt-preview');
    expect(svg.querySelector('tspan')?.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(svg.textContent).toContain('生協ショップ');
    expect(host.innerHTML).not.toContain('onclick');
  });

  it('says in both languages when the receipt cannot be shown', async () => {
    expect((await mount('<html/>', 'ja')).querySelector('[role="alert"]')?.textContent).toBe(ja.register.receiptPrint.unreadable);
    expect((await mount('not svg', 'en')).querySelector('[role="alert"]')?.textContent).toContain('cannot be shown');
  });
});
