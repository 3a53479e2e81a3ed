/** The Portal API's components: security schemes and schemas (part of the one document, see openapi.ts). */
import { ref } from './openapi-parts';

export const portalApiComponents = {
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
    StoreId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
    StoreEmailChanges: {
      type: 'object', required: ['storeId', 'items'],
      properties: { storeId: { oneOf: [ref('StoreId'), { type: 'null' }], description: 'The calling kiosk\'s store; null: it is in none.' }, items: { type: 'array', items: ref('EmailChange') } },
    },
    EmailChangeReview: {
      description: 'A request with the member\'s identity for the ID check (personal data: shown while open, never stored by the kiosk).',
      type: 'object',
      required: ['requestId', 'memberNo', 'maskedNewEmail', 'status', 'requestedAt', 'maskedCurrentEmail', 'name', 'nameKana', 'birthDate', 'requestedAtDevice'],
      properties: {
        requestId: ref('Uuid'), memberNo: ref('MemberNo'), maskedNewEmail: { type: 'string' }, status: ref('EmailChangeStatus'),
        requestedAt: ref('Timestamp'), decidedAt: { type: ['string', 'null'] }, decidedBy: { type: ['string', 'null'] }, reason: { type: ['string', 'null'] }, completedAt: { type: ['string', 'null'] },
        maskedCurrentEmail: { type: ['string', 'null'] }, name: { type: 'string' }, nameKana: { type: 'string' }, birthDate: { type: 'string', format: 'date' },
        requestedAtDevice: { type: 'string', description: 'The display name of the kiosk the request was made at.' },
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
      properties: { deviceId: ref('DeviceId'), secret: { type: 'string', minLength: 8, maxLength: 200 }, displayName: { type: 'string', maxLength: 100 }, storeId: ref('StoreId') },
    },
    AdminDeviceUpdate: { type: 'object', additionalProperties: false, properties: { disabled: { type: 'boolean' } } },
    AdminDevice: {
      type: 'object', required: ['deviceId', 'displayName', 'disabled', 'lastSeq'],
      properties: { deviceId: ref('DeviceId'), displayName: { type: 'string' }, disabled: { type: 'boolean' }, lastSeq: { type: 'integer' }, storeId: { type: ['string', 'null'] } },
    },
  },
};
