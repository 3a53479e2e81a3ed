/**
 * Network link to a receipt printer: raw TCP on port 9100 (Epson, Star and most LAN printers
 * answer DLE EOT on the same socket). A closed or failed socket is a lost link.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { LinkHandlers, PrinterLink, PrinterTransport } from './types';

export interface TcpLinkOptions {
  host: string;
  port: number;
  /** How long a connect may take before the attempt counts as failed (default 3000 ms). */
  connectTimeoutMs?: number;
}

export class TcpPrinterTransport implements PrinterTransport {
  readonly kind = 'tcp' as const;
  readonly defaultId: string;

  constructor(private readonly options: TcpLinkOptions) {
    this.defaultId = `tcp:${formatHost(options.host)}:${options.port}`;
  }

  async open(handlers: LinkHandlers): Promise<PrinterLink> {
    const { host, port } = this.options;
    const socket = await openSocket(host, port, this.options.connectTimeoutMs ?? 3_000);
    let closed = false;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 5_000);
    socket.on('data', (data: Buffer) => handlers.onData(Uint8Array.from(data)));
    socket.on('error', () => undefined); // 'close' follows and reports it
    socket.on('close', () => {
      if (!closed) handlers.onLost('the printer closed the connection');
    });
    return {
      device: { description: `${formatHost(host)}:${port}` },
      write: (bytes) =>
        new Promise<void>((resolve, reject) => {
          socket.write(bytes, (error) => (error ? reject(error) : resolve()));
        }),
      async close() {
        if (closed) return;
        closed = true;
        await new Promise<void>((resolve) => {
          if (socket.destroyed) return resolve();
          socket.once('close', () => resolve());
          socket.destroy();
        });
      },
    };
  }
}

function openSocket(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${formatHost(host)}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
