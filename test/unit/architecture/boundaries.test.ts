import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The one-way arrows of eslint.boundaries.js, proven on deliberate violations: ESLint's Node
 * API lints small virtual files placed inside the tree with the project's own config.
 */
const eslint = new ESLint({
  cwd: process.cwd(),
  // Virtual files belong to no TypeScript project: lint them without type information (the
  // type-aware promise rules are checked on the real tree by `npm run lint`).
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});

async function boundaryErrors(filePath: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

// The first lint loads the TypeScript parser and the plugin: slow on a busy machine. The tree itself is checked by `npm run lint`.
describe('architecture boundaries (lint)', { timeout: 120_000 }, () => {
  it('refuses the renderer importing src/main', async () => {
    const errors = await boundaryErrors('src/renderer/src/stores/violation.ts', "import { KioskCore } from '../../../main/core/kiosk-core';\nexport const core = KioskCore;\n");
    expect(errors).toEqual([expect.stringContaining('The renderer knows only src/shared')]);
  });

  it('lets the renderer import src/shared', async () => {
    expect(await boundaryErrors('src/renderer/src/stores/fine.ts', "import { KioskError } from '../../../shared/errors';\nexport const error = KioskError;\n")).toEqual([]);
  });

  it("refuses a room importing another room's internals, allows its public entry", async () => {
    const internal = await boundaryErrors('src/main/cashier/violation.ts', "import { FlowSession } from '../counter/flow-session';\nexport const session = FlowSession;\n");
    expect(internal).toEqual([expect.stringContaining('public entry (index.ts)')]);
    expect(await boundaryErrors('src/main/cashier/fine.ts', "import { createCounterModule } from '../counter';\nexport const counter = createCounterModule;\n")).toEqual([]);
    expect(await boundaryErrors('src/main/cashier/fine.ts', "import { recordSale } from './sales';\nexport const sale = recordSale;\n")).toEqual([]);
  });

  it('refuses the core importing src/portal outside the composition root', async () => {
    const errors = await boundaryErrors('src/main/cashier/violation.ts', "import { DEMO_DEVICE_ID } from '../../portal/demo-seed';\nexport const id = DEMO_DEVICE_ID;\n");
    expect(errors).toEqual(expect.arrayContaining([expect.stringContaining('Only the composition root')]));
    expect(await boundaryErrors('src/main/core/fine.ts', "import { DEMO_DEVICE_ID } from '../../portal/demo-seed';\nexport const id = DEMO_DEVICE_ID;\n")).toEqual([]);
  });

  it('refuses sync knowing a room, and a migration importing live code', async () => {
    expect(await boundaryErrors('src/main/sync/violation.ts', "import { appendAudit } from '../staff';\nexport const audit = appendAudit;\n")).toEqual([expect.stringContaining('sync and db know no room')]);
    expect(await boundaryErrors('src/main/db/migrations/0099-violation.ts', "import { auditRowHash } from '../../staff/audit-chain';\nexport const hash = auditRowHash;\n")).toEqual(
      expect.arrayContaining([expect.stringContaining('A migration is frozen')]),
    );
  });

});
