/**
 * The attract screen's first chunk (issue 18: the first tap): everything main.ts imports
 * statically is parsed and run before the screen can paint. zod and the kiosk API's schemas
 * are loaded per domain on first use (src/renderer/src/kiosk/schemas.ts), the keyboard-wedge
 * detector with its barcode rules only where the page runs it. This walks the static import
 * graph from main.ts (type-only imports and dynamic import() do not count) and fails when one
 * of them comes back into it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const ALIASES: Record<string, string> = { '@shared/': 'src/shared/', '@renderer/': 'src/renderer/src/' };

function scriptOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.vue')) return text;
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]).join('\n');
}

/** The module specifiers a file imports for their values (not `import type`, not `import()`). */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, scriptOf(file), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const typeOnly =
        clause?.isTypeOnly === true ||
        (clause !== undefined && !clause.name && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((element) => element.isTypeOnly));
      if (!typeOnly) found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return found;
}

function resolveLocal(from: string, specifier: string): string | null {
  const alias = Object.keys(ALIASES).find((prefix) => specifier.startsWith(prefix));
  const base = alias ? join(ROOT, (ALIASES[alias] as string) + specifier.slice(alias.length)) : specifier.startsWith('.') ? resolve(dirname(from), specifier) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate) && !candidate.endsWith('/')) if (/\.(ts|vue)$/.test(candidate)) return candidate;
  return base.endsWith('.css') ? null : base;
}

/** Every local file and every package the first chunk pulls in. */
function firstChunk(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of valueImports(file)) {
      if (specifier.endsWith('.css') || specifier.startsWith('kiosk-fonts:')) continue;
      const local = resolveLocal(file, specifier);
      if (local === null) packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string));
      else if (existsSync(local)) visit(local);
      else throw new Error(`${relative(ROOT, file)} imports ${specifier}, which was not found`);
    }
  };
  visit(entry);
  return { files: new Set([...files].map((file) => relative(ROOT, file))), packages };
}

describe('the attract screen’s first chunk', () => {
  const chunk = firstChunk(join(ROOT, 'src/renderer/src/main.ts'));

  it('reaches the app shell, the router and the attract screen', () => {
    expect(chunk.files).toContain('src/renderer/src/App.vue');
    expect(chunk.files).toContain('src/renderer/src/views/AttractView.vue');
    expect(chunk.files).toContain('src/renderer/src/kiosk/client.ts');
    expect(chunk.packages).toContain('vue');
  });

  it('has neither zod nor any API schema nor the wedge detector', () => {
    expect([...chunk.packages]).not.toContain('zod');
    expect([...chunk.files].filter((file) => file.startsWith('src/shared/api/') || file.endsWith('kiosk-api.ts') || file.endsWith('kiosk-error-schema.ts'))).toEqual([]);
    expect([...chunk.files].filter((file) => file.startsWith('drivers/') || file.includes('/barcode/') || file.endsWith('page-wedge.ts'))).toEqual([]);
  });
});
