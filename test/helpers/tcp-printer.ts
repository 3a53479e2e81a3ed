/**
 * A network receipt printer on 127.0.0.1 (the `tcp:` URI of port 9100 printers), for tests through
 * the whole kiosk: a TCP server whose connections play the printer (FakeEscPosPrinter: it answers
 * DLE EOT from a settable condition and keeps every other byte). `uri` polls the status every
 * 200 ms so tests see a paper change quickly. Always `stop()` it.
 */
import { createServer, type Socket } from 'node:net';
import { FakeEscPosPrinter } from './fake-escpos-printer';

export interface TcpPrinter {
  /** The kiosk's printer URI, as the settings and KIOSK_PRINTERS accept it. */
  uri: string;
  fake: FakeEscPosPrinter;
  stop(): Promise<void>;
}

export async function startTcpPrinter(): Promise<TcpPrinter> {
  const sockets: Socket[] = [];
  const fake = new FakeEscPosPrinter((bytes) => sockets.at(-1)?.write(bytes));
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (data: Buffer) => fake.feed(data));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    uri: `tcp:127.0.0.1:${(server.address() as { port: number }).port}?pollMs=200`,
    fake,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
