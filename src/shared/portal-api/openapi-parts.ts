/** Builders the Portal API document is written with (openapi.ts assembles it). */
export type Json = Record<string, unknown>;

export const ref = (n: string): Json => ({ $ref: `#/components/schemas/${n}` });
export const problem = (desc: string): Json => ({ description: desc, content: { 'application/problem+json': { schema: ref('Problem') } } });
export const json = (schema: Json, desc = 'OK'): Json => ({ description: desc, content: { 'application/json': { schema } } });
export const body = (schema: Json): Json => ({ required: true, content: { 'application/json': { schema } } });
export const std: Record<string, Json> = {
  '400': problem('Malformed request: unknown fields, wrong types (`invalid_request`).'),
  '401': problem('Missing or invalid device token (`unauthorized`).'),
  '403': problem('The kiosk is disabled (`terminal_is_invalidated`).'),
  '429': problem('Rate limited (`rate_limited`); see Retry-After.'),
  '503': problem('Temporarily unavailable (`temporarily_unavailable`); see Retry-After.'),
};
export const sec = [{ deviceToken: [] }];
export const seqResponses = {
  '201': json(ref('OperationOutcome'), 'Applied. A repeat gets the first answer again, status included, with the header Idempotent-Replayed: true.'),
  ...std,
  '409': problem('`sequence_gap` (details.expectedSeq), `request_in_progress` (the same client request id is being processed) or `sequence_conflict`.'),
  '422': problem('Declined by the business rules (problem.outcome = "declined", e.g. `account_balance_not_enough`), or `idempotency_key_reused` (same id, different body).'),
};
export const sequencedBody = (payload: string): Json => ({
  type: 'object',
  additionalProperties: false,
  required: ['clientRequestId', 'seq', 'payload'],
  properties: { clientRequestId: ref('ClientRequestId'), seq: ref('Seq'), payload: ref(payload) },
});
