/**
 * Issue 11's size limits, checked on the tree: no source file under src/ or drivers/ over 400
 * lines and no class over 300. Generated code lives outside src/ (generated/), so nothing here
 * is excluded. A file or class that grows past its limit is split by what it does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const SOURCE_EXTENSIONS = new Set(['.ts', '.vue', '.js', '.mjs', '.cjs', '.css', '.html']);
const MAX_FILE_LINES = 400;
const MAX_CLASS_LINES = 300;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE_EXTENSIONS.has(extname(entry.name)))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

function lineCount(text: string): number {
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

/** Every class in a TypeScript text with its length in lines (declarations and class expressions). */
function classLengths(fileName: string, text: string): Array<{ name: string; lines: number }> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: Array<{ name: string; lines: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ name: node.name?.text ?? '(anonymous)', lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = [...sourceFiles('src'), ...sourceFiles('drivers')];

describe('size limits of src/ and drivers/ (issue 11)', () => {
  it('finds the tree', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(files).toContain('src/main/core/services.ts');
  });

  it(`no source file is over ${MAX_FILE_LINES} lines`, () => {
    const over = files.map((file) => ({ file, lines: lineCount(readFileSync(join(ROOT, file), 'utf8')) })).filter((f) => f.lines > MAX_FILE_LINES);
    expect(over).toEqual([]);
  });

  it(`no class is over ${MAX_CLASS_LINES} lines`, () => {
    const over = files
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => classLengths(file, readFileSync(join(ROOT, file), 'utf8')).map((c) => ({ file, ...c })))
      .filter((c) => c.lines > MAX_CLASS_LINES);
    expect(over).toEqual([]);
  });

  it('the measures count what they should (a 401-line file, a 301-line class)', () => {
    expect(lineCount('a\n'.repeat(401))).toBe(401);
    expect(lineCount('a\nb')).toBe(2);
    const body = '  x = 1;\n'.repeat(299);
    expect(classLengths('big.ts', `export class Big {\n${body}}\n`)).toEqual([{ name: 'Big', lines: 301 }]);
    expect(classLengths('nested.ts', 'function f() {\n  return class {\n  };\n}\n')).toEqual([{ name: '(anonymous)', lines: 2 }]);
  });
});
