/**
 * The Portal API as an OpenAPI 3.1 document (DESIGN.md §5.2). This module is the contract's one
 * source: `openapi.json` beside it is the same document written out for other tools, and
 * `schema.generated.ts` its TypeScript types (openapi-typescript), both written by
 * `npx tsx scripts/portal-contract.ts`; a unit test fails when either differs.
 * The reference portal validates every request against these schemas (Ajv, JSON Schema 2020-12).
 */
type Json = Record<string, unknown>;

const ref = (n: string): Json => ({ $ref: `#/components/schemas/${n}` });
const problem = (desc: string): Json => ({ description: desc, content: { 'application/problem+json': { schema: ref('Problem') } } });
const json = (schema: Json, desc = 'OK'): Json => ({ description: desc, content: { 'application/json': { schema } } });
const body = (schema: Json): Json => ({ required: true, content: { 'application/json': { schema } } });
const std: Record<string, Json> = {
  '400': problem('Malformed request: unknown fields, wrong types (`invalid_request`).'),
  '401': problem('Missing or invalid device token (`unauthorized`).'),
  '403': problem('The kiosk is disabled (`terminal_is_invalidated`).'),
  '429': problem('Rate limited (`rate_limited`); see Retry-After.'),
  '503': problem('Temporarily unavailable (`temporarily_unavailable`); see Retry-After.'),
};
const sec = [{ deviceToken: [] }];
const seqResponses = {
  '201': json(ref('OperationOutcome'), 'Applied. A repeat gets the first answer again, status included, with the header Idempotent-Replayed: true.'),
  ...std,
  '409': problem('`sequence_gap` (details.expectedSeq), `request_in_progress` (the same client request id is being processed) or `sequence_conflict`.'),
  '422': problem('Declined by the business rules (problem.outcome = "declined", e.g. `account_balance_not_enough`), or `idempotency_key_reused` (same id, different body).'),
};
const sequencedBody = (payload: string): Json => ({
  type: 'object',
  additionalProperties: false,
  required: ['clientRequestId', 'seq', 'payload'],
  properties: { clientRequestId: ref('ClientRequestId'), seq: ref('Seq'), payload: ref(payload) },
});

export const portalApiDocument = {
  openapi: '3.1.0',
  jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
  info: {
    title: 'Co-op Portal API (kiosk-facing)',
    version: '1.0.0',
    description:
      'The HTTP+JSON API the Co-op Counter Kiosk speaks to the univcoop portal (DESIGN.md §5.2). ' +
      'Every request body is validated against these schemas; unknown fields are refused (400). ' +
      'Errors are RFC 9457 `application/problem+json` with a stable `code`. ' +
      'Mutations that change money or member data are *sequenced operations*: each carries a client request id (UUID v4, the idempotency key, kept at least 7 days) ' +
      'and a per-kiosk sequence number (the portal skips numbers it has processed and refuses gaps). ' +
      'A repeat of a processed id returns the first answer; the same id with a different body gets 422 `idempotency_key_reused`; ' +
      'a repeat while the first is still processing gets 409 `request_in_progress`. ' +
      'Paths under /admin exist only when the portal runs in demo (dev) mode.',
  },
  servers: [{ url: 'http://127.0.0.1:5790' }],
  tags: [
    { name: 'health' }, { name: 'auth' }, { name: 'members' }, { name: 'roster' }, { name: 'app-tokens' },
    { name: 'verification' }, { name: 'signups' }, { name: 'email-changes' },
    { name: 'repair-requests', description: 'Students whose app setup failed (ログインエラー, an unregistered address, an interrupted setup…) ask the co-op\'s administrator for a repair.' },
    { name: 'wallet' }, { name: 'batch' },
    { name: 'audit', description: 'Anchors of the kiosk\'s hash-chained audit log (SECURITY.md §7).' },
    { name: 'dev-admin', description: 'Demo / dev mode only.' },
  ],
  paths: {
    '/v1/health': {
      get: {
        operationId: 'getHealth', tags: ['health'], security: [],
        responses: { '200': json(ref('Health')), '503': std['503'] },
      },
    },
    '/v1/auth/device-token': {
      post: {
        operationId: 'createDeviceToken', tags: ['auth'], security: [],
        description: 'A kiosk exchanges its device id and secret for a bearer token (1 hour). Send it as `Authorization: Bearer <token>`.',
        requestBody: body(ref('DeviceTokenRequest')),
        responses: { '200': json(ref('DeviceToken')), '400': std['400'], '401': problem('`invalid_device_credentials`.'), '403': std['403'] },
      },
    },
    '/v1/members/{memberNo}': {
      get: {
        operationId: 'getMember', tags: ['members'], security: sec,
        parameters: [{ name: 'memberNo', in: 'path', required: true, schema: ref('MemberNo') }],
        responses: { '200': json(ref('Member')), ...std, '404': problem('`member_not_found`.') },
      },
    },
    '/v1/members/by-card/{barcode}': {
      get: {
        operationId: 'getMemberByCard', tags: ['members'], security: sec,
        description: 'Lookup by the physical card barcode (Codabar data with start/stop characters, or the bare member number).',
        parameters: [{ name: 'barcode', in: 'path', required: true, schema: ref('CardBarcode') }],
        responses: { '200': json(ref('Member')), ...std, '404': problem('`member_not_found`.') },
      },
    },
    '/v1/members/identify': {
      post: {
        operationId: 'identifyMember', tags: ['members'], security: sec,
        description:
          'Member number + birthdate, as the student types them at the kiosk. Answers the member with the masked registered email. ' +
          'Wrong birthdates are counted per member number: the last one allowed in a window (reference portal: 5 in 15 minutes) locks the number for one window, ' +
          'and while locked even the right birthdate gets 429 `identify_locked`. A right birthdate before the limit starts the count again.',
        requestBody: body(ref('IdentifyRequest')),
        responses: {
          '200': json(ref('Member')), ...std,
          '404': problem('`member_not_found`.'),
          '422': problem('`birthdate_mismatch` (details.attemptsRemaining: wrong birthdates left before the lock).'),
          '429': problem('`identify_locked` (Retry-After; details.retryAfterSeconds, details.lockedUntil, details.maxWrongBirthdates) or `rate_limited`.'),
        },
      },
    },
    '/v1/roster': {
      get: {
        operationId: 'getRosterDelta', tags: ['roster'], security: sec,
        description: 'Members changed since `cursor` (absent = from the start), oldest change first. Follow `nextCursor` while `hasMore`.',
        parameters: [
          { name: 'cursor', in: 'query', required: false, schema: ref('RosterCursor') },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 500 } },
        ],
        responses: { '200': json(ref('RosterPage')), ...std },
      },
    },
    '/v1/app-tokens/resolve': {
      post: {
        operationId: 'resolveAppToken', tags: ['app-tokens'], security: sec,
        description: 'Resolves a one-time app barcode (CPM token, 22 characters) to its member and mode. Does not use the token up; a payment or top-up naming it does.',
        requestBody: body(ref('AppTokenResolveRequest')),
        responses: {
          '200': json(ref('AppTokenResolution')), ...std,
          '404': problem('`app_token_not_found`.'),
          '422': problem('`cpm_token_already_proceed` (used) or `cpm_token_already_expired`.'),
        },
      },
    },
    '/v1/verifications': {
      post: {
        operationId: 'sendVerificationCode', tags: ['verification'], security: sec,
        description: 'Sends a 6-digit code to the address (10 minutes; 5 wrong tries per code; at most 10 codes per address, then locked until the last code expires).',
        requestBody: body(ref('VerificationSendRequest')),
        responses: {
          '201': json(ref('Verification')), ...std,
          '404': problem('`member_not_found`.'),
          '429': problem('`verification_code_limit_reached` (Retry-After; details.maxCodes: codes per address in one code lifetime, details.lockedUntil) or `rate_limited`.'),
        },
      },
    },
    '/v1/verifications/{verificationId}/resend': {
      post: {
        operationId: 'resendVerificationCode', tags: ['verification'], security: sec,
        parameters: [{ name: 'verificationId', in: 'path', required: true, schema: ref('Uuid') }],
        responses: {
          '201': json(ref('Verification')), ...std,
          '404': problem('`verification_not_found`.'),
          '409': problem('`verification_already_verified`.'),
          '429': problem('`verification_resend_cooldown` or `verification_code_limit_reached` (Retry-After; details.maxCodes, details.lockedUntil).'),
        },
      },
    },
    '/v1/verifications/{verificationId}/confirm': {
      post: {
        operationId: 'confirmVerificationCode', tags: ['verification'], security: sec,
        parameters: [{ name: 'verificationId', in: 'path', required: true, schema: ref('Uuid') }],
        requestBody: body(ref('VerificationConfirmRequest')),
        responses: {
          '200': json(ref('VerificationConfirmation')), ...std,
          '404': problem('`verification_not_found`.'),
          '422': problem('`verification_code_invalid` (details.attemptsRemaining), `verification_code_expired`, `verification_code_attempts_exceeded`.'),
        },
      },
    },
    '/v1/signups': {
      post: {
        operationId: 'createSignup', tags: ['signups'], security: sec,
        description: 'Sequenced operation `signup.create`. With a verified `verificationId` the sign-up completes at once (completion mail); without one (queued offline) the portal mails a sign-up URL valid 60 minutes.',
        requestBody: body(sequencedBody('SignupPayload')),
        responses: seqResponses,
      },
    },
    '/v1/email-changes': {
      post: {
        operationId: 'createEmailChange', tags: ['email-changes'], security: sec,
        description: 'Sequenced operation `email_change.create`: a counter request that waits for staff approval.',
        requestBody: body(sequencedBody('EmailChangePayload')),
        responses: seqResponses,
      },
    },
    '/v1/email-changes/{requestId}': {
      get: {
        operationId: 'getEmailChange', tags: ['email-changes'], security: sec,
        parameters: [{ name: 'requestId', in: 'path', required: true, schema: ref('Uuid') }],
        responses: { '200': json(ref('EmailChange')), ...std, '404': problem('`email_change_not_found`.') },
      },
    },
    '/v1/members/{memberNo}/email-changes': {
      get: {
        operationId: 'listEmailChanges', tags: ['email-changes'], security: sec,
        parameters: [{ name: 'memberNo', in: 'path', required: true, schema: ref('MemberNo') }],
        responses: { '200': json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('EmailChange') } } }), ...std, '404': problem('`member_not_found`.') },
      },
    },
    '/v1/email-changes/{requestId}/decision': {
      post: {
        operationId: 'decideEmailChange', tags: ['email-changes'], security: sec,
        description: 'Staff approve (after checking the student\'s ID) or reject. Repeating the same decision returns the current state.',
        parameters: [{ name: 'requestId', in: 'path', required: true, schema: ref('Uuid') }],
        requestBody: body(ref('EmailChangeDecision')),
        responses: { '200': json(ref('EmailChange')), ...std, '404': problem('`email_change_not_found`.'), '409': problem('`email_change_already_decided`.') },
      },
    },
    '/v1/repair-requests': {
      post: {
        operationId: 'createRepairRequest', tags: ['repair-requests'], security: sec,
        description: 'Sequenced operation `repair_request.create`: a student whose app setup failed asks the administrator for a repair. With a verified `verificationId` (purpose `repair`) the contact address is proven; without one (queued offline) it is marked unverified.',
        requestBody: body(sequencedBody('RepairRequestPayload')),
        responses: seqResponses,
      },
      get: {
        operationId: 'listRepairRequests', tags: ['repair-requests'], security: sec,
        description: 'Repair requests of the co-op, newest first (the store\'s staff screen).',
        parameters: [
          { name: 'status', in: 'query', required: false, schema: ref('RepairRequestStatus') },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 100 } },
        ],
        responses: { '200': json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Repair') } } }), ...std },
      },
    },
    '/v1/repair-requests/{requestId}/status': {
      post: {
        operationId: 'updateRepairRequestStatus', tags: ['repair-requests'], security: sec,
        description: 'Staff track a repair request: open → in_progress → done (or back). Setting the current status again returns it unchanged.',
        parameters: [{ name: 'requestId', in: 'path', required: true, schema: ref('Uuid') }],
        requestBody: body(ref('RepairRequestStatusUpdate')),
        responses: { '200': json(ref('Repair')), ...std, '404': problem('`repair_request_not_found`.') },
      },
    },
    '/v1/wallet/topups': {
      post: {
        operationId: 'createTopup', tags: ['wallet'], security: sec,
        description: 'Sequenced operation `wallet.topup`. Declines: `account_money_topup_transfer_limit_exceeded`, `account_balance_exceeded`, `cpm_token_*`, `member_not_active`.',
        requestBody: body(sequencedBody('TopupPayload')), responses: seqResponses,
      },
    },
    '/v1/wallet/payments': {
      post: {
        operationId: 'createPayment', tags: ['wallet'], security: sec,
        description: 'Sequenced operation `wallet.payment`. Declines: `account_balance_not_enough`, `cpm_token_already_proceed`, `cpm_token_already_expired`, `member_not_active`.',
        requestBody: body(sequencedBody('PaymentPayload')), responses: seqResponses,
      },
    },
    '/v1/wallet/voids': {
      post: {
        operationId: 'createVoid', tags: ['wallet'], security: sec,
        description: 'Sequenced operation `wallet.void`: reverses an applied top-up or payment. Declines: `transaction_not_found`, `transaction_already_voided`, `account_balance_not_enough`.',
        requestBody: body(sequencedBody('VoidPayload')), responses: seqResponses,
      },
    },
    '/v1/wallet/members/{memberNo}/transactions': {
      get: {
        operationId: 'listWalletTransactions', tags: ['wallet'], security: sec,
        parameters: [
          { name: 'memberNo', in: 'path', required: true, schema: ref('MemberNo') },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 20 } },
        ],
        responses: { '200': json(ref('WalletStatement')), ...std, '404': problem('`member_not_found`.') },
      },
    },
    '/v1/batch': {
      post: {
        operationId: 'submitBatch', tags: ['batch'], security: sec,
        description:
          'Sequenced operations in ascending `seq`, processed in order in one transaction. Each gets its own result: applied, declined (business rule), ' +
          'rejected (invalid payload, unknown member, idempotency key reused: permanent, the sequence number is used up) or deferred (not processed now: retry later). ' +
          'Processing stops at the first deferred operation; the rest are deferred too.',
        requestBody: body(ref('BatchRequest')),
        responses: { '200': json(ref('BatchResponse')), ...std, '409': problem('`request_in_progress`.') },
      },
    },
    '/v1/audit-anchors': {
      post: {
        operationId: 'createAuditAnchor', tags: ['audit'], security: sec,
        description:
          'Anchors the head of the kiosk\'s hash-chained audit log: the newest row\'s id and hash and the number of rows. Anchors are append-only. ' +
          'An anchor must continue the latest one: a higher id (with at least as many rows), or the same id, hash and row count again (200, nothing new stored). ' +
          'A lower id, or the same id with another hash or row count, is refused with 409 `audit_anchor_conflict` and the refusal is recorded: ' +
          'the kiosk\'s audit log no longer contains what it anchored before (rewritten, truncated, or restored from an old copy).',
        requestBody: body(ref('AuditAnchorRequest')),
        responses: {
          '200': json(ref('AuditAnchor'), 'The latest anchor again (same id, hash and row count): nothing new stored.'),
          '201': json(ref('AuditAnchor'), 'Anchored.'),
          ...std,
          '409': problem('`audit_anchor_conflict` (details.latestAuditId, details.latestReceivedAt): the anchor does not continue the latest one.'),
        },
      },
    },
    '/v1/audit-anchors/latest': {
      get: {
        operationId: 'getLatestAuditAnchor', tags: ['audit'], security: sec,
        description: 'The latest audit anchor of the authenticated kiosk, which its audit log must still contain.',
        responses: { '200': json(ref('AuditAnchor')), ...std, '404': problem('`audit_anchor_not_found`: this kiosk has not anchored yet.') },
      },
    },
    // ---- dev admin ----
    '/admin/members': {
      post: {
        operationId: 'adminSeedMembers', tags: ['dev-admin'], security: [],
        requestBody: body(ref('AdminSeedMembersRequest')),
        responses: { '200': json({ type: 'object', required: ['upserted'], properties: { upserted: { type: 'integer' } } }), '400': std['400'] },
      },
    },
    '/admin/messages': {
      get: {
        operationId: 'adminListMessages', tags: ['dev-admin'], security: [],
        parameters: [
          { name: 'recipient', in: 'query', required: false, schema: { type: 'string', maxLength: 254 } },
          { name: 'channel', in: 'query', required: false, schema: { enum: ['email', 'sms'] } },
          { name: 'afterId', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } },
        ],
        responses: { '200': json(ref('AdminMessages')) },
      },
      delete: { operationId: 'adminClearMessages', tags: ['dev-admin'], security: [], responses: { '204': { description: 'Cleared.' } } },
    },
    '/admin/app-tokens': {
      post: {
        operationId: 'adminMintAppToken', tags: ['dev-admin'], security: [],
        description: 'Mints a one-time app token as the member\'s phone would show it.',
        requestBody: body(ref('AdminMintAppTokenRequest')),
        responses: { '201': json(ref('AdminAppToken')), '400': std['400'], '404': problem('`member_not_found`.') },
      },
    },
    '/admin/ledger': {
      get: {
        operationId: 'adminLedger', tags: ['dev-admin'], security: [],
        parameters: [
          { name: 'memberNo', in: 'query', required: false, schema: ref('MemberNo') },
          { name: 'deviceId', in: 'query', required: false, schema: ref('DeviceId') },
        ],
        responses: { '200': json(ref('AdminLedger')) },
      },
    },
    '/admin/faults': {
      get: { operationId: 'adminGetFaults', tags: ['dev-admin'], security: [], responses: { '200': json(ref('FaultConfig')) } },
      put: {
        operationId: 'adminSetFaults', tags: ['dev-admin'], security: [],
        description: 'Replaces the fault configuration. Faults apply to /v1 paths except /v1/health (unless includeHealth).',
        requestBody: body(ref('FaultConfig')),
        responses: { '200': json(ref('FaultConfig')), '400': std['400'] },
      },
      delete: { operationId: 'adminClearFaults', tags: ['dev-admin'], security: [], responses: { '204': { description: 'Cleared.' } } },
    },
    '/admin/devices': {
      post: {
        operationId: 'adminCreateDevice', tags: ['dev-admin'], security: [],
        requestBody: body(ref('AdminDeviceRequest')),
        responses: { '201': json(ref('AdminDevice')), '400': std['400'] },
      },
    },
    '/admin/devices/{deviceId}': {
      get: {
        operationId: 'adminGetDevice', tags: ['dev-admin'], security: [],
        parameters: [{ name: 'deviceId', in: 'path', required: true, schema: ref('DeviceId') }],
        responses: { '200': json(ref('AdminDevice')), '404': problem('`device_not_found`.') },
      },
      patch: {
        operationId: 'adminUpdateDevice', tags: ['dev-admin'], security: [],
        parameters: [{ name: 'deviceId', in: 'path', required: true, schema: ref('DeviceId') }],
        requestBody: body(ref('AdminDeviceUpdate')),
        responses: { '200': json(ref('AdminDevice')), '404': problem('`device_not_found`.') },
      },
    },
    '/admin/email-changes/{requestId}/complete': {
      post: {
        operationId: 'adminCompleteEmailChange', tags: ['dev-admin'], security: [],
        description: 'What the back office does days later: the approved address becomes the member\'s email.',
        parameters: [{ name: 'requestId', in: 'path', required: true, schema: ref('Uuid') }],
        responses: { '200': json(ref('EmailChange')), '404': problem('`email_change_not_found`.'), '409': problem('`email_change_not_approved`.') },
      },
    },
  },
  components: {
    securitySchemes: { deviceToken: { type: 'http', scheme: 'bearer', description: 'From POST /v1/auth/device-token.' } },
    schemas: {
      Problem: {
        type: 'object',
        description: 'RFC 9457 problem details with a stable `code`.',
        required: ['type', 'title', 'status', 'code'],
        properties: {
          type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' },
          code: { type: 'string', description: 'Stable machine code, e.g. account_balance_not_enough.' },
          outcome: { enum: ['declined', 'rejected'], description: 'Set when a sequenced operation was recorded with this answer.' },
          retryAfterSeconds: { type: 'integer', minimum: 0 },
          errors: { type: 'array', items: { type: 'object', required: ['pointer', 'message'], properties: { pointer: { type: 'string' }, message: { type: 'string' } } } },
          details: { type: 'object', additionalProperties: true },
        },
      },
      Uuid: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
      ClientRequestId: { type: 'string', description: 'UUID v4, lower case: the idempotency key.', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' },
      Seq: { type: 'integer', minimum: 1, maximum: 9007199254740991, description: 'Per-kiosk sequence number, +1 per operation.' },
      MemberNo: { type: 'string', pattern: '^[0-9]{10}$' },
      CardBarcode: { type: 'string', pattern: '^([A-Da-d][0-9]{10,12}[A-Da-d]|CM[0-9]{11}|[0-9]{10,12})$', description: 'Codabar data with start/stop (A…A), Code 128 data (CM…), or the bare member number.' },
      DeviceId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{2,63}$' },
      AppToken: { type: 'string', pattern: '^[A-Za-z0-9]{22}$' },
      AppTokenMode: { enum: ['pay', 'points', 'charge'] },
      Email: { type: 'string', format: 'email', maxLength: 254 },
      MaskedEmail: { type: ['string', 'null'], description: 't***@e***.jp' },
      Amount: { type: 'integer', minimum: 1, maximum: 1000000 },
      StaffId: { type: 'string', minLength: 1, maxLength: 64 },
      Timestamp: { type: 'string', format: 'date-time' },
      RosterCursor: { type: 'string', pattern: '^[0-9]{1,16}$' },
      MemberStatus: { enum: ['active', 'suspended', 'withdrawn'] },
      Health: {
        type: 'object', required: ['status', 'version'],
        properties: { status: { const: 'ok' }, version: { type: 'string' }, time: ref('Timestamp'), mode: { enum: ['demo', 'production'] } },
      },
      DeviceTokenRequest: {
        type: 'object', additionalProperties: false, required: ['deviceId', 'secret'],
        properties: { deviceId: ref('DeviceId'), secret: { type: 'string', minLength: 8, maxLength: 200 } },
      },
      DeviceToken: {
        type: 'object', required: ['accessToken', 'tokenType', 'expiresAt', 'deviceId'],
        properties: { accessToken: { type: 'string' }, tokenType: { const: 'Bearer' }, expiresAt: ref('Timestamp'), expiresIn: { type: 'integer' }, deviceId: ref('DeviceId'), lastSeq: { type: 'integer', minimum: 0 } },
      },
      Member: {
        type: 'object',
        required: ['memberNo', 'cardBarcode', 'name', 'nameKana', 'status', 'maskedEmail', 'portalRegistered', 'balance', 'asOf'],
        properties: {
          memberNo: ref('MemberNo'), cardBarcode: { type: 'string' }, name: { type: 'string' }, nameKana: { type: 'string' },
          status: ref('MemberStatus'), maskedEmail: ref('MaskedEmail'), portalRegistered: { type: 'boolean' },
          balance: { type: 'integer', minimum: 0 }, asOf: ref('Timestamp'),
          profile: ref('MemberProfile'),
        },
      },
      MemberProfile: {
        type: 'object', description: 'Pre-fill for the registration form (identify only).',
        properties: {
          phone: { type: ['string', 'null'] }, university: { type: ['string', 'null'] }, faculty: { type: ['string', 'null'] }, studentNo: { type: ['string', 'null'] },
        },
      },
      IdentifyRequest: {
        type: 'object', additionalProperties: false, required: ['memberNo', 'birthDate'],
        properties: { memberNo: ref('MemberNo'), birthDate: { type: 'string', format: 'date' } },
      },
      RosterMember: {
        type: 'object', required: ['memberNo', 'cardBarcode', 'name', 'nameKana', 'status', 'maskedEmail', 'balance', 'version'],
        properties: {
          memberNo: ref('MemberNo'), cardBarcode: { type: 'string' }, name: { type: 'string' }, nameKana: { type: 'string' },
          status: ref('MemberStatus'), maskedEmail: ref('MaskedEmail'), portalRegistered: { type: 'boolean' }, balance: { type: 'integer' }, version: { type: 'integer' },
        },
      },
      RosterPage: {
        type: 'object', required: ['members', 'nextCursor', 'hasMore', 'asOf'],
        properties: { members: { type: 'array', items: ref('RosterMember') }, nextCursor: ref('RosterCursor'), hasMore: { type: 'boolean' }, asOf: ref('Timestamp') },
      },
      AppTokenResolveRequest: { type: 'object', additionalProperties: false, required: ['token'], properties: { token: ref('AppToken') } },
      AppTokenResolution: {
        type: 'object', required: ['token', 'mode', 'memberNo', 'expiresAt', 'member'],
        properties: { token: ref('AppToken'), mode: ref('AppTokenMode'), memberNo: ref('MemberNo'), expiresAt: ref('Timestamp'), member: ref('Member') },
      },
      VerificationPurpose: { enum: ['signup', 'email_change', 'repair'] },
      VerificationSendRequest: {
        type: 'object', additionalProperties: false, required: ['purpose', 'memberNo', 'email'],
        properties: { purpose: ref('VerificationPurpose'), memberNo: ref('MemberNo'), email: ref('Email'), locale: { enum: ['ja', 'en'] } },
      },
      Verification: {
        type: 'object', required: ['verificationId', 'maskedEmail', 'expiresAt', 'resendAvailableAt', 'codesRemaining', 'attemptsRemaining'],
        properties: {
          verificationId: ref('Uuid'), maskedEmail: { type: 'string' },
          sentAt: { ...ref('Timestamp'), description: 'When the current code was sent; expiresAt − sentAt is the code lifetime.' },
          expiresAt: ref('Timestamp'), resendAvailableAt: ref('Timestamp'),
          codesRemaining: { type: 'integer', minimum: 0 }, attemptsRemaining: { type: 'integer', minimum: 0 },
        },
      },
      VerificationConfirmRequest: { type: 'object', additionalProperties: false, required: ['code'], properties: { code: { type: 'string', pattern: '^[0-9]{6}$' } } },
      VerificationConfirmation: { type: 'object', required: ['verificationId', 'verified'], properties: { verificationId: ref('Uuid'), verified: { const: true } } },
      Address: {
        type: 'object', additionalProperties: false, required: ['prefecture', 'city', 'town'],
        properties: {
          prefecture: { type: 'string', minLength: 1, maxLength: 10 }, city: { type: 'string', minLength: 1, maxLength: 50 },
          town: { type: 'string', maxLength: 100 }, line: { type: 'string', maxLength: 200 },
        },
      },
      SignupProfile: {
        type: 'object', additionalProperties: false, required: ['name', 'nameKana', 'phone', 'postalCode', 'address', 'university', 'faculty', 'studentNo'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          nameKana: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[\\u30A1-\\u30FC\\u3000 ]+$', description: 'Katakana, the middle dot ・ (U+30FB, as in ジョン・スミス), the long-vowel mark ー and spaces.' },
          phone: { type: 'string', pattern: '^\\+81[6-9]0[0-9]{8}$', description: 'E.164, +81 then 060/070/080/090 without the leading 0.' },
          postalCode: { type: 'string', pattern: '^[0-9]{3}-?[0-9]{4}$' },
          address: ref('Address'),
          university: { type: 'string', minLength: 1, maxLength: 100 }, faculty: { type: 'string', minLength: 1, maxLength: 100 },
          studentNo: { type: 'string', minLength: 1, maxLength: 32 }, remarks: { type: 'string', maxLength: 500 },
        },
      },
      SignupPayload: {
        type: 'object', additionalProperties: false, required: ['memberNo', 'email', 'profile'],
        properties: { memberNo: ref('MemberNo'), email: ref('Email'), verificationId: ref('Uuid'), profile: ref('SignupProfile'), locale: { enum: ['ja', 'en'] }, createdAt: ref('Timestamp') },
      },
      EmailChangePayload: {
        type: 'object', additionalProperties: false, required: ['memberNo', 'newEmail', 'verificationId'],
        properties: { memberNo: ref('MemberNo'), newEmail: ref('Email'), verificationId: ref('Uuid'), createdAt: ref('Timestamp') },
      },
      EmailChangeStatus: { enum: ['requested', 'approved', 'completed', 'rejected'] },
      EmailChange: {
        type: 'object', required: ['requestId', 'memberNo', 'maskedNewEmail', 'status', 'requestedAt'],
        properties: {
          requestId: ref('Uuid'), memberNo: ref('MemberNo'), maskedNewEmail: { type: 'string' }, status: ref('EmailChangeStatus'),
          requestedAt: ref('Timestamp'), decidedAt: { type: ['string', 'null'] }, decidedBy: { type: ['string', 'null'] }, reason: { type: ['string', 'null'] }, completedAt: { type: ['string', 'null'] },
        },
      },
      EmailChangeDecision: {
        type: 'object', additionalProperties: false, required: ['decision', 'staffId'],
        properties: { decision: { enum: ['approve', 'reject'] }, staffId: ref('StaffId'), reason: { type: 'string', maxLength: 500 } },
      },
      RepairProblem: {
        enum: ['login_error', 'unregistered_email', 'interrupted_setup', 'code_not_received', 'mfa_phone', 'pokepay', 'other'],
        description: 'What went wrong, from the guides\' failure list: ログインエラー, a sign-up with an address the co-op does not have, a setup interrupted halfway, the e-mail code never came, the MFA phone (SMS / call) failed, PokePay could not be set up, something else.',
      },
      RepairRequestPayload: {
        type: 'object', additionalProperties: false, required: ['memberNo', 'problems', 'contactEmail'],
        properties: {
          memberNo: ref('MemberNo'),
          problems: { type: 'array', minItems: 1, maxItems: 7, uniqueItems: true, items: ref('RepairProblem') },
          contactEmail: ref('Email'), verificationId: ref('Uuid'), locale: { enum: ['ja', 'en'] }, createdAt: ref('Timestamp'),
        },
      },
      RepairRequestStatus: { enum: ['open', 'in_progress', 'done'] },
      Repair: {
        description: 'A repair request as the portal keeps it (the name does not end in Request: request bodies are the closed schemas).',
        type: 'object', required: ['requestId', 'memberNo', 'problems', 'maskedContactEmail', 'contactVerified', 'status', 'requestedAt', 'updatedAt', 'updatedBy'],
        properties: {
          requestId: ref('Uuid'), memberNo: ref('MemberNo'), problems: { type: 'array', items: ref('RepairProblem') },
          maskedContactEmail: { type: 'string' }, contactVerified: { type: 'boolean' }, status: ref('RepairRequestStatus'),
          requestedAt: ref('Timestamp'), updatedAt: ref('Timestamp'), updatedBy: { type: ['string', 'null'] },
        },
      },
      RepairRequestStatusUpdate: {
        type: 'object', additionalProperties: false, required: ['status', 'staffId'],
        properties: { status: ref('RepairRequestStatus'), staffId: ref('StaffId') },
      },
      TopupPayload: {
        type: 'object', additionalProperties: false, required: ['memberNo', 'amount'],
        properties: {
          memberNo: ref('MemberNo'), amount: ref('Amount'), appToken: ref('AppToken'), staffId: ref('StaffId'),
          method: { enum: ['cash'] }, createdAt: ref('Timestamp'),
        },
      },
      PaymentPayload: {
        type: 'object', additionalProperties: false, required: ['memberNo', 'amount'],
        properties: {
          memberNo: ref('MemberNo'), amount: ref('Amount'), appToken: ref('AppToken'), staffId: ref('StaffId'),
          offline: { type: 'boolean', description: 'Accepted offline by the kiosk within its floor limits.' }, createdAt: ref('Timestamp'),
        },
      },
      VoidPayload: {
        type: 'object', additionalProperties: false, required: ['memberNo', 'targetClientRequestId', 'staffId', 'supervisorId'],
        properties: { memberNo: ref('MemberNo'), targetClientRequestId: ref('ClientRequestId'), staffId: ref('StaffId'), supervisorId: ref('StaffId'), createdAt: ref('Timestamp') },
      },
      OperationKind: { enum: ['wallet.topup', 'wallet.payment', 'wallet.void', 'signup.create', 'email_change.create', 'repair_request.create'] },
      Operation: {
        type: 'object', additionalProperties: false, required: ['clientRequestId', 'seq', 'kind', 'payload'],
        description: 'The payload is validated against the kind\'s schema (TopupPayload, PaymentPayload, VoidPayload, SignupPayload, EmailChangePayload, RepairRequestPayload) one operation at a time, so one bad operation is rejected alone.',
        properties: { clientRequestId: ref('ClientRequestId'), seq: ref('Seq'), kind: ref('OperationKind'), payload: { type: 'object', additionalProperties: true } },
      },
      BatchRequest: {
        type: 'object', additionalProperties: false, required: ['operations'],
        properties: { operations: { type: 'array', minItems: 1, maxItems: 500, items: ref('Operation') } },
      },
      OperationOutcome: {
        type: 'object', required: ['clientRequestId', 'seq', 'kind', 'outcome', 'status', 'replayed'],
        properties: {
          clientRequestId: ref('ClientRequestId'), seq: ref('Seq'), kind: { type: 'string' },
          outcome: { enum: ['applied', 'declined', 'rejected', 'deferred'] },
          status: { type: 'integer', description: 'The HTTP status this operation would get on its own endpoint.' },
          replayed: { type: 'boolean', description: 'True when this is the stored answer to an earlier attempt.' },
          result: { type: 'object', additionalProperties: true, description: 'WalletTransaction, Signup, EmailChange or RepairRequest when applied.' },
          problem: ref('Problem'),
        },
      },
      BatchResponse: {
        type: 'object', required: ['results', 'lastSeq'],
        properties: { results: { type: 'array', items: ref('OperationOutcome') }, lastSeq: { type: 'integer', minimum: 0 } },
      },
      WalletTransaction: {
        type: 'object', required: ['transactionId', 'clientRequestId', 'kind', 'memberNo', 'amount', 'balance', 'createdAt'],
        properties: {
          transactionId: { type: 'string' }, clientRequestId: ref('ClientRequestId'), kind: { enum: ['topup', 'payment', 'void'] },
          memberNo: ref('MemberNo'), amount: { type: 'integer' }, balance: { type: 'integer' }, createdAt: ref('Timestamp'),
          voidsTransactionId: { type: ['string', 'null'] }, deviceId: { type: 'string' }, seq: { type: ['integer', 'null'] },
        },
      },
      WalletStatement: {
        type: 'object', required: ['memberNo', 'balance', 'asOf', 'transactions'],
        properties: { memberNo: ref('MemberNo'), balance: { type: 'integer' }, asOf: ref('Timestamp'), transactions: { type: 'array', items: ref('WalletTransaction') } },
      },
      Signup: {
        type: 'object', required: ['signupId', 'memberNo', 'maskedEmail', 'status', 'createdAt'],
        properties: { signupId: ref('Uuid'), memberNo: ref('MemberNo'), maskedEmail: { type: 'string' }, status: { enum: ['pending_email_confirmation', 'completed'] }, createdAt: ref('Timestamp') },
      },
      AuditHash: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of an audit row, lower-case hex.' },
      AuditAnchorRequest: {
        type: 'object', additionalProperties: false, required: ['auditId', 'hash', 'rowCount', 'createdAt'],
        properties: {
          auditId: { type: 'integer', minimum: 1, maximum: 9007199254740991, description: 'Id of the newest audit row (the head).' },
          hash: ref('AuditHash'),
          rowCount: { type: 'integer', minimum: 1, maximum: 9007199254740991, description: 'Rows in the audit log up to and including the head (at most auditId).' },
          createdAt: ref('Timestamp'),
        },
      },
      AuditAnchor: {
        type: 'object', required: ['deviceId', 'auditId', 'hash', 'rowCount', 'createdAt', 'receivedAt'],
        description: 'createdAt is the kiosk\'s clock when it sent the anchor; receivedAt the portal\'s when it stored it.',
        properties: {
          deviceId: ref('DeviceId'), auditId: { type: 'integer', minimum: 1 }, hash: ref('AuditHash'), rowCount: { type: 'integer', minimum: 1 },
          createdAt: ref('Timestamp'), receivedAt: ref('Timestamp'),
        },
      },
      // ---- admin ----
      AdminMember: {
        type: 'object', additionalProperties: false, required: ['memberNo', 'name', 'nameKana', 'birthDate'],
        properties: {
          memberNo: ref('MemberNo'), cardBarcode: { type: 'string', minLength: 1, maxLength: 32 }, name: { type: 'string', minLength: 1 }, nameKana: { type: 'string', minLength: 1 },
          birthDate: { type: 'string', format: 'date' }, email: { type: ['string', 'null'], maxLength: 254 }, phone: { type: ['string', 'null'] },
          university: { type: ['string', 'null'] }, faculty: { type: ['string', 'null'] }, studentNo: { type: ['string', 'null'] },
          status: ref('MemberStatus'), portalRegistered: { type: 'boolean' }, balance: { type: 'integer', minimum: 0 },
        },
      },
      AdminSeedMembersRequest: { type: 'object', additionalProperties: false, required: ['members'], properties: { members: { type: 'array', maxItems: 10000, items: ref('AdminMember') } } },
      AdminMessages: {
        type: 'object', required: ['messages'],
        properties: {
          messages: {
            type: 'array',
            items: {
              type: 'object', required: ['id', 'channel', 'recipient', 'subject', 'body', 'meta', 'createdAt'],
              properties: { id: { type: 'integer' }, channel: { enum: ['email', 'sms'] }, recipient: { type: 'string' }, subject: { type: 'string' }, body: { type: 'string' }, meta: { type: 'object', additionalProperties: true }, createdAt: ref('Timestamp') },
            },
          },
        },
      },
      AdminMintAppTokenRequest: {
        type: 'object', additionalProperties: false, required: ['memberNo', 'mode'],
        properties: { memberNo: ref('MemberNo'), mode: ref('AppTokenMode'), ttlSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 300 } },
      },
      AdminAppToken: { type: 'object', required: ['token', 'mode', 'memberNo', 'expiresAt'], properties: { token: ref('AppToken'), mode: ref('AppTokenMode'), memberNo: ref('MemberNo'), expiresAt: ref('Timestamp') } },
      AdminLedger: {
        type: 'object', required: ['transactions', 'declines', 'balances'],
        properties: {
          transactions: { type: 'array', items: ref('WalletTransaction') },
          declines: {
            type: 'array',
            items: { type: 'object', required: ['clientRequestId', 'memberNo', 'kind', 'amount', 'code'], properties: { clientRequestId: { type: 'string' }, deviceId: { type: 'string' }, seq: { type: ['integer', 'null'] }, memberNo: { type: 'string' }, kind: { type: 'string' }, amount: { type: 'integer' }, code: { type: 'string' }, createdAt: ref('Timestamp') } },
          },
          balances: { type: 'object', additionalProperties: { type: 'integer' } },
        },
      },
      FaultRate: {
        type: 'object', additionalProperties: false,
        properties: { rate: { type: 'number', minimum: 0, maximum: 1 }, count: { type: 'integer', minimum: 0 } },
      },
      FaultConfig: {
        type: 'object', additionalProperties: false,
        description: 'Each fault fires for the next `count` matching requests, or with probability `rate` (seeded by `seed`).',
        properties: {
          latencyMs: { type: 'integer', minimum: 0, maximum: 60000 },
          serverError: { type: 'object', additionalProperties: false, properties: { rate: { type: 'number', minimum: 0, maximum: 1 }, count: { type: 'integer', minimum: 0 }, status: { enum: [500, 502, 503, 504] } } },
          connectionReset: ref('FaultRate'),
          dropAfterCommit: ref('FaultRate'),
          rateLimit: {
            type: 'object', additionalProperties: false, required: ['retryAfterSeconds'],
            properties: { rate: { type: 'number', minimum: 0, maximum: 1 }, count: { type: 'integer', minimum: 0 }, retryAfterSeconds: { type: 'integer', minimum: 0, maximum: 3600 }, httpDate: { type: 'boolean' } },
          },
          downForSeconds: { type: 'number', minimum: 0, maximum: 3600, description: 'Stop listening (connections refused) for this long, then come back on the same port.' },
          pathPrefix: { type: 'string', description: 'Only paths starting with this (default /v1/).' },
          includeHealth: { type: 'boolean' },
          seed: { type: 'integer' },
        },
      },
      AdminDeviceRequest: {
        type: 'object', additionalProperties: false, required: ['deviceId', 'secret'],
        properties: { deviceId: ref('DeviceId'), secret: { type: 'string', minLength: 8, maxLength: 200 }, displayName: { type: 'string', maxLength: 100 } },
      },
      AdminDeviceUpdate: { type: 'object', additionalProperties: false, properties: { disabled: { type: 'boolean' } } },
      AdminDevice: {
        type: 'object', required: ['deviceId', 'displayName', 'disabled', 'lastSeq'],
        properties: { deviceId: ref('DeviceId'), displayName: { type: 'string' }, disabled: { type: 'boolean' }, lastSeq: { type: 'integer' } },
      },
    },
  },
};
