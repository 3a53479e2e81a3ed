import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { kioskWindowOptions } = await import('../../../src/main/electron/security');

const ROOT = join(import.meta.dirname, '../../..');
const PRELOAD_EXPRESSION = "join(__dirnameOf(), '../preload/index.cjs')";

/** A literal's value; any other expression becomes `{ expression: <source text> }`. */
function literalValue(node: ts.Expression, source: ts.SourceFile): unknown {
  if (ts.isObjectLiteralExpression(node)) {
    const out: Record<string, unknown> = {};
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
        throw new Error(`Only plain properties are allowed in the window options (found ${property.getText(source)}).`);
      }
      out[property.name.text] = literalValue(property.initializer, source);
    }
    return out;
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  return { expression: node.getText(source) };
}

/** The argument of every `new BrowserWindow(…)` in a file. */
function browserWindowArguments(file: string): unknown[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: unknown[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && node.expression.getText(source) === 'BrowserWindow') {
      const [argument] = node.arguments ?? [];
      found.push(argument ? literalValue(argument, source) : undefined);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the kiosk window created in src/main/index.ts', () => {
  const windows = browserWindowArguments(join(ROOT, 'src/main/index.ts'));

  it('is the only BrowserWindow, created with a literal options object (what Electronegativity reads)', () => {
    expect(windows).toHaveLength(1);
    expect(windows[0]).toBeTypeOf('object');
  });

  it('has exactly the options of kioskWindowOptions(), the tested source of truth', () => {
    const expected = kioskWindowOptions('PRELOAD');
    const expectedWithPreload = { ...expected, webPreferences: { ...expected.webPreferences, preload: { expression: PRELOAD_EXPRESSION } } };
    expect(windows[0]).toEqual(expectedWithPreload);
  });

  it('no other file in src/ creates a BrowserWindow, BrowserView or WebContentsView', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of ts.sys.readDirectory(dir, ['.ts', '.vue'])) {
        if (entry.endsWith('src/main/index.ts')) continue;
        if (/new\s+(BrowserWindow|BrowserView|WebContentsView)\b/.test(readFileSync(entry, 'utf8'))) offenders.push(entry);
      }
    };
    walk(join(ROOT, 'src'));
    expect(offenders).toEqual([]);
  });
});
