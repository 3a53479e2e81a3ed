import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { portalApiDocument } from '../../../src/shared/portal-api/openapi';
import { OPERATION_KINDS } from '../../../src/shared/portal-api/types';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { OPENAPI_VOCABULARY, operationValidators, responseValidator, schemaValidator, validateOperationPayload } from '../../../src/shared/portal-api/validator';
import { PORTAL_ERROR_CODES } from '../../../src/portal/problem';
import { OPENAPI_JSON_PATH, SCHEMA_TYPES_PATH, renderOpenApiJson, renderSchemaTypes } from '../../../scripts/portal-contract';

describe('the Portal API document', () => {
  it('openapi.json is the TypeScript source written out (run scripts/portal-contract.ts)', () => {
    expect(readFileSync(OPENAPI_JSON_PATH, 'utf8')).toBe(renderOpenApiJson());
  });

  it('generated/portal-api.d.ts is what openapi-typescript makes of the document (run scripts/portal-contract.ts)', async () => {
    expect(readFileSync(SCHEMA_TYPES_PATH, 'utf8')).toBe(await renderSchemaTypes());
  });

  it('is OpenAPI 3.1 and every operation compiles with Ajv in strict mode', () => {
    expect(portalApiDocument.openapi).toBe('3.1.0');
    for (const [path, item] of Object.entries(portalApiDocument.paths as Record<string, Record<string, { operationId: string }>>)) {
      for (const method of Object.keys(item)) expect(operationValidators(method, path).operationId).toBe(item[method]?.operationId);
    }
  });

  it('is valid JSON Schema 2020-12 (checked here, so the kiosk and portal need not check it at every start)', () => {
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    ajv.addVocabulary(OPENAPI_VOCABULARY);
    expect(ajv.validateSchema({ ...portalApiDocument, $id: 'urn:coop:portal-api-check' }), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('every documented JSON answer of every operation compiles to a response validator', () => {
    let documented = 0;
    let compiled = 0;
    for (const [path, item] of Object.entries(portalApiDocument.paths as Record<string, Record<string, { responses: Record<string, { content?: object }> }>>)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (response.content) documented += 1;
          if (responseValidator(method, path, Number(status))) compiled += 1;
        }
      }
    }
    expect(documented).toBeGreaterThan(40);
    expect(compiled).toBe(documented);
    expect(responseValidator('GET', '/v1/health', 200)?.({ status: 'ok', version: '1.0.0' })).toBeNull();
    expect(responseValidator('GET', '/v1/health', 200)?.({ status: 'ok' })).toEqual([{ pointer: '/version', message: 'is required' }]);
  });

  it('request schemas refuse unknown fields', () => {
    const requestSchemas = Object.entries(portalApiDocument.components.schemas as Record<string, { additionalProperties?: unknown }>).filter(([name]) => /Request$|Payload$|Decision$/.test(name));
    expect(requestSchemas.length).toBeGreaterThan(8);
    for (const [name, schema] of requestSchemas) expect({ name, closed: schema.additionalProperties }).toEqual({ name, closed: false });
    expect(schemaValidator('IdentifyRequest')({ memberNo: '2024000001', birthDate: '2005-04-12', x: 1 })).toEqual([{ pointer: '/x', message: 'is not an allowed field' }]);
  });

  it('operation kinds match the document, and payloads are checked per kind', () => {
    expect((portalApiDocument.components.schemas.OperationKind as { enum: string[] }).enum).toEqual([...OPERATION_KINDS]);
    expect(validateOperationPayload('wallet.topup', { memberNo: '2024000001', amount: 500 })).toBeNull();
    expect(validateOperationPayload('wallet.payment', { memberNo: '2024000001', amount: 0 })).not.toBeNull();
    expect(validateOperationPayload('nope', {})).not.toBeNull();
  });

  it('wallet error codes follow PokePay names', () => {
    for (const code of ['cpm_token_already_proceed', 'cpm_token_already_expired', 'account_money_topup_transfer_limit_exceeded', 'account_balance_exceeded', 'account_balance_not_enough', 'terminal_is_invalidated']) {
      expect(PORTAL_ERROR_CODES).toHaveProperty(code);
    }
  });
});
