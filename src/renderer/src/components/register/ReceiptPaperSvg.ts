import { computed, defineComponent, h, type VNode } from 'vue';
import { useI18n } from 'vue-i18n';
import { sanitiseReceiptSvg, type SafeSvgChild, type SafeSvgElement } from './receipt-svg';

function render(node: SafeSvgElement): VNode {
  return h(node.tag, { ...node.attrs }, node.children.map((c: SafeSvgChild) => (typeof c === 'string' ? c : render(c))));
}

/**
 * The receipt paper drawn inline from the core's SVG (receipt-svg.ts allow-lists it), so its
 * Japanese text uses the bundled font. One image to assistive technology, named by `label`.
 * Other attributes (class, data-*) fall through to the <svg>.
 */
export default defineComponent({
  name: 'ReceiptPaperSvg',
  props: {
    svg: { type: String, required: true },
    label: { type: String, required: true },
  },
  setup(props) {
    const { t } = useI18n();
    const tree = computed(() => {
      try {
        return sanitiseReceiptSvg(props.svg);
      } catch {
        return null;
      }
    });
    return () => {
      const root = tree.value;
      if (!root) return h('p', { class: 'message message--error', role: 'alert' }, t('register.receiptPrint.unreadable'));
      return h('svg', { ...root.attrs, role: 'img', 'aria-label': props.label }, root.children.map((c) => (typeof c === 'string' ? c : render(c))));
    };
  },
});
