/** The Portal API's paths (part of the one document, see openapi.ts). */
import { body, json, problem, ref, sec, seqResponses, sequencedBody, std } from './openapi-parts';

export const portalApiPaths = {
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
      description: 'One request\'s status, for a kiosk of the store where it was made (a kiosk in no store: its own requests). Another store\'s request answers `email_change_not_found`, as if it did not exist.',
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
      description: 'Staff approve (after checking the student\'s ID) or reject. Repeating the same decision returns the current state. A kiosk decides only its store\'s requests (another store\'s: `email_change_not_found`).',
      parameters: [{ name: 'requestId', in: 'path', required: true, schema: ref('Uuid') }],
      requestBody: body(ref('EmailChangeDecision')),
      responses: { '200': json(ref('EmailChange')), ...std, '404': problem('`email_change_not_found`.'), '409': problem('`email_change_already_decided`.') },
    },
  },
  '/v1/store/email-changes': {
    get: {
      operationId: 'listStoreEmailChanges', tags: ['email-changes'], security: sec,
      description:
        'The pending (`requested`) email changes of the calling kiosk\'s store, made at any of its kiosks, newest first: staff decide them at whichever register they stand. ' +
        'A kiosk in no store sees only its own; a kiosk of another store sees none of them.',
      parameters: [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } }],
      responses: { '200': json(ref('StoreEmailChanges')), ...std },
    },
  },
  '/v1/store/email-changes/{requestId}/review': {
    get: {
      operationId: 'reviewEmailChange', tags: ['email-changes'], security: sec,
      description:
        'One request with what staff check against the student\'s ID: the member\'s name, kana and birth date, beside the masked current and new addresses. ' +
        'Limited to the calling kiosk\'s store (a request of another store is `email_change_not_found`). The kiosk shows it only while the request is open on screen and never stores it.',
      parameters: [{ name: 'requestId', in: 'path', required: true, schema: ref('Uuid') }],
      responses: { '200': json(ref('EmailChangeReview')), ...std, '404': problem('`email_change_not_found` (no such request, or one of another store).') },
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
};
