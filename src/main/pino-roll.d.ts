/** pino-roll ships no types: the part of its API the kiosk uses (src/main/log-files.ts). */
declare module 'pino-roll' {
  import type { Writable } from 'node:stream';
  interface PinoRollOptions {
    file: string;
    size?: string | number;
    frequency?: string | number;
    extension?: string;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    symlink?: boolean;
  }
  export default function pinoRoll(options: PinoRollOptions): Promise<Writable>;
}
