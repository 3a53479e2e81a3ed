/**
 * The core's receipt SVG (receiptline's output) made safe to show inline. An SVG in <img> cannot
 * use the page's bundled web font, so on a machine without a Japanese system font its text was
 * empty boxes; inline, it is drawn with "BIZ UDPGothic" like the rest of the screen.
 *
 * Nothing of the string becomes markup: it is parsed by DOMParser (an inert XML document, no
 * script runs, nothing loads) and walked through a strict allow-list into a plain tree that a
 * render function turns into VNodes. Unknown elements are dropped with everything inside them;
 * unknown attributes, event handlers, links and any value that could reference something
 * (url(), javascript:, CSS escapes) are dropped. receiptline's invert filter (<defs><filter>) is
 * not kept: the receipt layout prints no inverted text. Elements are matched by local name: none
 * of the parsed document is inserted, Vue creates every kept element anew in the SVG namespace.
 */

export type SafeSvgChild = SafeSvgElement | string;

export interface SafeSvgElement {
  tag: SafeSvgTag;
  attrs: Record<string, string>;
  children: SafeSvgChild[];
}

/** The elements receiptline draws a receipt with (text, rules, barcodes), and plain shapes. */
const ELEMENTS = ['svg', 'g', 'text', 'tspan', 'rect', 'path', 'line', 'polygon', 'circle'] as const;
export type SafeSvgTag = (typeof ELEMENTS)[number];

/** Geometry and presentation only: nothing here can name a script, a link or another document. */
const ATTRIBUTES = new Set([
  'width', 'height', 'viewBox', 'preserveAspectRatio',
  'x', 'y', 'dx', 'dy', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'd', 'points', 'transform',
  'fill', 'fill-rule', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin',
  'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'text-decoration', 'lang',
]);

/** Characters a geometry or presentation value needs; no backslash (CSS escapes), no `<`, `&`, `:` or `;`. */
const SAFE_VALUE = /^[\w\s#.,%'"()+-]*$/;
/** Functions that fetch or run something, in any case. */
const UNSAFE_WORDS = /url|expression|javascript|image|element|var\s*\(/i;

/** A receipt is a few hundred nodes; anything far larger is refused rather than drawn. */
const MAX_NODES = 20_000;
const MAX_DEPTH = 16;

export class UnsafeSvgError extends Error {}

function isAllowedTag(name: string): name is SafeSvgTag {
  return (ELEMENTS as readonly string[]).includes(name);
}

function safeValue(value: string): boolean {
  return SAFE_VALUE.test(value) && !UNSAFE_WORDS.test(value);
}

/**
 * Parses the core's SVG and returns its allow-listed tree. Throws UnsafeSvgError when the text is
 * not an SVG document at all or is absurdly large; hostile parts inside an SVG are dropped.
 */
export function sanitiseReceiptSvg(svg: string, parser: DOMParser = new DOMParser()): SafeSvgElement {
  const doc = parser.parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) {
    throw new UnsafeSvgError('not an SVG document');
  }
  let nodes = 0;
  const walk = (el: Element, depth: number): SafeSvgElement | null => {
    if (!isAllowedTag(el.localName)) return null;
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) throw new UnsafeSvgError('the SVG is too large to be a receipt');
    const attrs: Record<string, string> = {};
    for (const attr of Array.from(el.attributes)) {
      // Namespaced attributes (xlink:href, xml:*, xmlns) and everything off the list are dropped.
      if (attr.namespaceURI !== null || !ATTRIBUTES.has(attr.name) || !safeValue(attr.value)) continue;
      attrs[attr.name] = attr.value;
    }
    const children: SafeSvgChild[] = [];
    for (const child of Array.from(el.childNodes)) {
      if (child.nodeType === 3 || child.nodeType === 4) {
        // Text (and CDATA) only where SVG draws text; whitespace between shapes is dropped.
        if ((el.localName === 'text' || el.localName === 'tspan') && child.nodeValue) children.push(child.nodeValue);
      } else if (child.nodeType === 1) {
        const safe = walk(child as Element, depth + 1);
        if (safe) children.push(safe);
      }
    }
    return { tag: el.localName, attrs, children };
  };
  return walk(root, 0) as SafeSvgElement;
}
