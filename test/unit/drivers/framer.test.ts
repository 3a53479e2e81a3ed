import { describe, expect, it } from 'vitest';
import { LineFramer } from '../../../drivers/serial/framer';
import type { SerialFrame, SerialTerminator } from '../../../drivers/serial/framer';

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (frame: SerialFrame) => String.fromCharCode(...frame.bytes);

function feed(terminator: SerialTerminator, chunks: string[], maxLength = 64): SerialFrame[] {
  const framer = new LineFramer({ terminator, maxLength });
  return chunks.flatMap((chunk, i) => framer.push(bytes(chunk), i));
}

describe('LineFramer', () => {
  it('reassembles fragmented reads', () => {
    expect(feed('CR', ['A001', '2345', '6782A\r']).map(text)).toEqual(['A00123456782A']);
    expect(feed('CR', [..."CM00123456784\r"]).map(text)).toEqual(['CM00123456784']);
  });

  it('CRLF split across reads gives one scan, never an empty one', () => {
    for (const mode of ['CR', 'CRLF'] as const) {
      expect(feed(mode, ['abc\r', '\ndef\r', '\n']).map(text)).toEqual(['abc', 'def']);
    }
    expect(feed('LF', ['abc\r', '\ndef\r\n']).map(text)).toEqual(['abc', 'def']);
  });

  it('keeps the other line character as data where it is not the terminator', () => {
    expect(feed('CR', ['line1\nline2\r']).map(text)).toEqual(['line1\nline2']);
    expect(feed('LF', ['a\rb\n']).map(text)).toEqual(['a\rb']);
    // CRLF mode tolerates a scanner sending bare LF or bare CR.
    expect(feed('CRLF', ['one\ntwo\rthree\r\n']).map(text)).toEqual(['one', 'two', 'three']);
  });

  it('drops empty lines', () => {
    expect(feed('CR', ['\r\r\r\n\r'])).toEqual([]);
    expect(feed('LF', ['\n\n\r\n'])).toEqual([]);
  });

  it('records when the first byte and the terminator arrived', () => {
    const framer = new LineFramer({ terminator: 'CR', maxLength: 64 });
    expect(framer.push(bytes('12'), 10)).toEqual([]);
    const [frame] = framer.push(bytes('34\r'), 25);
    expect(frame).toMatchObject({ firstByteAt: 10, terminatorAt: 25, totalLength: 4, truncated: false });
  });

  it('bounds a 10 kB line: first maxLength bytes kept, the rest counted, one truncated frame', () => {
    const framer = new LineFramer({ terminator: 'CR', maxLength: 4096 });
    const frames: SerialFrame[] = [];
    for (let i = 0; i < 10; i++) {
      frames.push(...framer.push(new Uint8Array(1024).fill(0x41), i));
      expect(framer.bufferedBytes).toBeLessThanOrEqual(4096);
    }
    frames.push(...framer.push(bytes('\rOK\r'), 11));
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatchObject({ totalLength: 10_240, truncated: true });
    expect(frames[0]?.bytes.length).toBe(4096);
    expect(frames[1] && text(frames[1])).toBe('OK');
  });

  it('idle mode ends a line on flush and strips a trailing CR/LF', () => {
    const framer = new LineFramer({ terminator: 'idle', maxLength: 64 });
    expect(framer.push(bytes('4901234'), 1)).toEqual([]);
    framer.push(bytes('567894\r\n'), 2);
    const frame = framer.flushIdle();
    expect(frame && text(frame)).toBe('4901234567894');
    expect(frame?.terminatorAt).toBe(2);
    expect(framer.flushIdle()).toBeNull();
  });

  it('reset discards a partial line', () => {
    const framer = new LineFramer({ terminator: 'CR', maxLength: 64 });
    framer.push(bytes('partial'), 0);
    framer.reset();
    expect(framer.push(bytes('next\r'), 1).map(text)).toEqual(['next']);
  });
});
