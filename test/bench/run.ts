/**
 * `npm run bench`: runs every `test/bench/*.bench.ts` module in this process, one after the
 * other (benchmarks must not compete for the two cores), and prints one table of all rows.
 * A module exports `default async function (): Promise<BenchRow[]>`.
 * Speed and memory targets live here, never as timed assertions in tests.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow } from './bench-row';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows: BenchRow[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<BenchRow[]> };
  process.stderr.write(`bench: ${file}\n`);
  try {
    rows.push(...(await mod.default()));
  } catch (error) {
    rows.push({ group: file, name: 'FAILED', value: String(error instanceof Error ? error.message : error) });
  }
}

const headers = ['group', 'measure', 'value', 'target', 'verdict'] as const;
const table = rows.map((r) => [r.group, r.name, r.value, r.target ?? '', r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED']);
const widths = headers.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
const line = (cells: readonly string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ') + ' |';
console.log(line(headers));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const row of table) console.log(line(row.map(String)));
