/** A PrinterTransport whose far end is a FakeEscPosPrinter in memory: plug, unplug, fail a write. */
import type { LinkHandlers, PrinterLink, PrinterTransport } from '../../drivers/printer/types';
import { FakeEscPosPrinter } from './fake-escpos-printer';

export class MemoryPrinterTransport implements PrinterTransport {
  readonly kind = 'tcp' as const;
  readonly defaultId = 'memory:printer';
  readonly printer: FakeEscPosPrinter;
  present = true;
  /** The next receipt-sized write (more than a status query) fails and drops the link. */
  failNextWrite = false;
  opens = 0;
  private handlers: LinkHandlers | undefined;

  constructor() {
    this.printer = new FakeEscPosPrinter((bytes) => queueMicrotask(() => this.handlers?.onData(Uint8Array.from(bytes))));
  }

  open(handlers: LinkHandlers): Promise<PrinterLink> {
    if (!this.present) return Promise.reject(new Error('connection refused'));
    this.opens++;
    this.handlers = handlers;
    const link: PrinterLink = {
      device: { description: 'memory printer' },
      write: async (bytes) => {
        if (this.handlers !== handlers) throw new Error('link closed');
        if (this.failNextWrite && bytes.length > 3) {
          this.failNextWrite = false;
          throw new Error('connection reset');
        }
        this.printer.feed(bytes);
      },
      close: async () => {
        if (this.handlers === handlers) this.handlers = undefined;
      },
    };
    return Promise.resolve(link);
  }

  /** The printer goes away (cable pulled): the driver is told, and connects fail until `present`. */
  unplug(): void {
    this.present = false;
    const handlers = this.handlers;
    this.handlers = undefined;
    handlers?.onLost('unplugged');
  }
}
