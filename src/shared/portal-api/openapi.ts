/**
 * The Portal API as an OpenAPI 3.1 document (DESIGN.md §5.2). This module is the contract's one
 * source: `openapi.json` beside it is the same document written out for other tools, and
 * `generated/portal-api.d.ts` its TypeScript types (openapi-typescript), both written by
 * `npx tsx scripts/portal-contract.ts`; a unit test fails when either differs.
 * The reference portal validates every request against these schemas (Ajv, JSON Schema 2020-12).
 */

import { portalApiComponents } from './openapi-components';
import { portalApiPaths } from './openapi-paths';

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
  paths: portalApiPaths,
  components: portalApiComponents,
};
