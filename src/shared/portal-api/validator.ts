import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type Ajv2020 from 'ajv/dist/2020.js';
import type addFormatsType from 'ajv-formats';
import { portalApiDocument as openapi } from './openapi';

/** One failed check, as RFC 9457 `errors[]` members: a JSON pointer into the request and a message. */
export interface FieldError {
  pointer: string;
  message: string;
}

export type Validator = (value: unknown) => FieldError[] | null;

const DOC_ID = 'urn:coop:portal-api';

/** The OpenAPI keywords around the schemas, declared as known vocabulary so Ajv stays in strict mode. */
export const OPENAPI_VOCABULARY = ['openapi', 'info', 'servers', 'tags', 'paths', 'components', 'jsonSchemaDialect'];

/**
 * Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) loaded with the OpenAPI document
 * itself, so portal and client validate exactly what the document says. Created on first use,
 * and each schema is compiled only when first needed. The document is not checked against the
 * meta-schema here (that took most of the start-up cost): it is fixed at build time, and
 * test/unit/portal/openapi.test.ts checks it.
 */
function createAjv(): Ajv2020 {
  // Loaded on first use, not at import: Ajv takes a noticeable part of the kiosk's start-up and
  // the kiosk needs it only when it first queues an operation (issue 18: first tap fast).
  const require = createRequire(import.meta.url);
  const ajvModule = require('ajv/dist/2020.js') as { default: typeof Ajv2020 };
  const formatsModule = require('ajv-formats') as { default: typeof addFormatsType };
  const Ajv = ajvModule.default;
  const addFormats = formatsModule.default;
  const ajv = new Ajv({ strict: true, allErrors: true, coerceTypes: false, useDefaults: false, validateSchema: false });
  addFormats(ajv);
  ajv.addVocabulary(OPENAPI_VOCABULARY);
  ajv.addSchema({ ...openapi, $id: DOC_ID }, DOC_ID);
  return ajv;
}

let shared: Ajv2020 | undefined;
const cache = new Map<string, ValidateFunction>();

function ajv(): Ajv2020 {
  shared ??= createAjv();
  return shared;
}

function toFieldErrors(errors: readonly ErrorObject[] | null | undefined, prefix: string): FieldError[] {
  return (errors ?? []).map((e) => {
    let pointer = prefix + e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      const extra = String((e.params as { additionalProperty?: string }).additionalProperty);
      pointer = `${pointer}/${extra}`;
      message = 'is not an allowed field';
    } else if (e.keyword === 'required') {
      pointer = `${pointer}/${String((e.params as { missingProperty?: string }).missingProperty)}`;
      message = 'is required';
    }
    return { pointer: pointer || '/', message };
  });
}

/** A validator for `#/components/schemas/<name>` of the Portal API document. */
export function schemaValidator(name: string, pointerPrefix = ''): Validator {
  const key = `schema:${name}`;
  let fn = cache.get(key);
  if (!fn) {
    if (!(name in openapi.components.schemas)) throw new Error(`unknown schema ${name}`);
    fn = ajv().compile({ $ref: `${DOC_ID}#/components/schemas/${name}` });
    cache.set(key, fn);
  }
  const validate = fn;
  return (value) => (validate(value) ? null : toFieldErrors(validate.errors, pointerPrefix));
}

interface ParameterDoc {
  name: string;
  in: string;
  required?: boolean;
  schema: Record<string, unknown>;
}

interface OperationDoc {
  operationId: string;
  parameters?: ParameterDoc[];
  requestBody?: { content: { 'application/json': { schema: Record<string, unknown> } } };
}

export interface OperationValidators {
  operationId: string;
  body: Validator | null;
  /** Validates path + query parameters; query values are coerced from strings first. */
  params(path: Record<string, string>, query: URLSearchParams): { values: Record<string, unknown>; errors: FieldError[] | null };
}

function coerceQuery(raw: string, schema: Record<string, unknown>): unknown {
  const resolved = resolveRef(schema);
  if (resolved.type === 'integer' || resolved.type === 'number') {
    return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  if (resolved.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

function resolveRef(schema: Record<string, unknown>): Record<string, unknown> {
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    return (openapi.components.schemas as Record<string, Record<string, unknown>>)[name] ?? schema;
  }
  return schema;
}

/** Validators for one operation of the document, found by method and OpenAPI path template. */
export function operationValidators(method: string, pathTemplate: string): OperationValidators {
  const item = (openapi.paths as unknown as Record<string, Record<string, OperationDoc>>)[pathTemplate];
  const op = item?.[method.toLowerCase()];
  if (!op) throw new Error(`OpenAPI document has no ${method} ${pathTemplate}`);
  const params = op.parameters ?? [];
  let body: Validator | null = null;
  const bodySchema = op.requestBody?.content['application/json'].schema;
  if (bodySchema) {
    const fn = ajv().compile({ $ref: `${DOC_ID}#/paths/${encodePointer(pathTemplate)}/${method.toLowerCase()}/requestBody/content/application~1json/schema` });
    body = (value) => (fn(value) ? null : toFieldErrors(fn.errors, ''));
  }
  const paramFns = params.map((p) => ({
    p,
    fn: ajv().compile({ $ref: `${DOC_ID}#/paths/${encodePointer(pathTemplate)}/${method.toLowerCase()}/parameters/${params.indexOf(p)}/schema` }),
  }));
  const knownQuery = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
  return {
    operationId: op.operationId,
    body,
    params(path, query) {
      const values: Record<string, unknown> = {};
      const errors: FieldError[] = [];
      for (const name of new Set(query.keys())) {
        if (!knownQuery.has(name)) errors.push({ pointer: `/query/${name}`, message: 'is not an allowed parameter' });
        else if (query.getAll(name).length > 1) errors.push({ pointer: `/query/${name}`, message: 'must be given once' });
      }
      for (const { p, fn } of paramFns) {
        const raw = p.in === 'path' ? path[p.name] : p.in === 'query' ? query.get(p.name) ?? undefined : undefined;
        if (raw === undefined) {
          if (p.required) errors.push({ pointer: `/${p.in}/${p.name}`, message: 'is required' });
          continue;
        }
        const value = p.in === 'query' ? coerceQuery(raw, p.schema) : raw;
        if (!fn(value)) errors.push(...toFieldErrors(fn.errors, `/${p.in}/${p.name}`));
        else values[p.name] = value;
      }
      return { values, errors: errors.length > 0 ? errors : null };
    },
  };
}

interface ResponseDoc {
  content?: Record<string, { schema?: unknown }>;
}

/**
 * A validator for the JSON body of a `status` answer to one operation of the document (found by
 * method and OpenAPI path template), compiled on first use; null when the document describes no
 * JSON body for that status.
 */
export function responseValidator(method: string, pathTemplate: string, status: number): Validator | null {
  const key = `response:${method.toLowerCase()} ${pathTemplate} ${status}`;
  let fn = cache.get(key);
  if (!fn) {
    const item = (openapi.paths as unknown as Record<string, Record<string, { responses?: Record<string, ResponseDoc> }>>)[pathTemplate];
    const response = item?.[method.toLowerCase()]?.responses?.[String(status)];
    const mediaType = response?.content?.['application/json'] ? 'application~1json' : response?.content?.['application/problem+json'] ? 'application~1problem+json' : null;
    if (!mediaType) return null;
    fn = ajv().compile({ $ref: `${DOC_ID}#/paths/${encodePointer(pathTemplate)}/${method.toLowerCase()}/responses/${status}/content/${mediaType}/schema` });
    cache.set(key, fn);
  }
  const validate = fn;
  return (value) => (validate(value) ? null : toFieldErrors(validate.errors, ''));
}

function encodePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

const PAYLOAD_SCHEMAS: Record<string, string> = {
  'wallet.topup': 'TopupPayload',
  'wallet.payment': 'PaymentPayload',
  'wallet.void': 'VoidPayload',
  'signup.create': 'SignupPayload',
  'email_change.create': 'EmailChangePayload',
  'repair_request.create': 'RepairRequestPayload',
};

/** The schema a sequenced operation's payload is checked against (`#/components/schemas/<name>`). */
export function payloadSchemaName(kind: string): string | undefined {
  return PAYLOAD_SCHEMAS[kind];
}

/** Checks a sequenced operation's payload against its kind's schema; null when valid. */
export function validateOperationPayload(kind: string, payload: unknown): FieldError[] | null {
  const schema = PAYLOAD_SCHEMAS[kind];
  if (!schema) return [{ pointer: '/kind', message: `unknown operation kind ${kind}` }];
  return schemaValidator(schema, '/payload')(payload);
}
