import { z } from 'zod';
import { affixParam, booleanParam, integerParam, sourceIdParam } from '../params';

/**
 * Serial scanner options, as found in `serial:<path>?<query>`. Defaults are the factory settings of
 * most scanners: 9600 baud, 8 data bits, no parity, 1 stop bit, CR terminator.
 *
 * Decoding: `latin1` (default) maps every byte to one character, so nothing is ever lost or
 * mis-decoded and lengths are byte lengths; bytes 0x80–0x9F then read as control characters and the
 * nomenclature calls the scan `not_printable`. `utf8` is for 2D scanners sending UTF-8 text; invalid
 * sequences become U+FFFD (also `not_printable`). Lines are decoded whole, so multi-byte characters
 * split across reads are decoded correctly.
 */
export const serialOptionsSchema = z
  .object({
    path: z.string().min(1, 'a serial port path is required, e.g. serial:/dev/ttyACM0'),
    id: sourceIdParam.optional(),
    baudRate: integerParam(50, 4_000_000).default(9600),
    dataBits: z.enum(['5', '6', '7', '8'], { error: 'dataBits must be 5, 6, 7 or 8' }).transform((v) => Number(v) as 5 | 6 | 7 | 8).default(8),
    parity: z.enum(['none', 'even', 'odd', 'mark', 'space'], { error: 'parity must be none, even, odd, mark or space' }).default('none'),
    stopBits: z.enum(['1', '1.5', '2'], { error: 'stopBits must be 1, 1.5 or 2' }).transform((v) => Number(v) as 1 | 1.5 | 2).default(1),
    terminator: z
      .string()
      .transform((v) => (v.toLowerCase() === 'idle' ? 'idle' : v.toUpperCase()))
      .pipe(z.enum(['CR', 'LF', 'CRLF', 'idle'], { error: 'terminator must be CR, LF, CRLF or idle' }))
      .default('CR'),
    idleMs: integerParam(5, 5_000).default(50),
    prefix: affixParam.default(''),
    suffix: affixParam.default(''),
    aim: booleanParam.default(false),
    maxLength: integerParam(16, 65_536).default(4096),
    encoding: z.enum(['latin1', 'utf8'], { error: 'encoding must be latin1 or utf8' }).default('latin1'),
  })
  .strict();

export type SerialOptions = z.output<typeof serialOptionsSchema>;
export type SerialOptionsInput = z.input<typeof serialOptionsSchema>;
