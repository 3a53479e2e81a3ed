import { migration0001 } from './0001-staff-and-audit';
import { migration0002 } from './0002-outbox-wallet-roster';
import { migration0003 } from './0003-registration-drafts';
import { migration0004 } from './0004-register';
import { migration0005 } from './0005-audit-hash-chain';
import { migration0006 } from './0006-sealed-names';
import { migration0007 } from './0007-at-rest-key-check';
import { migration0008 } from './0008-staff-identity';
import { migration0009 } from './0009-config-documents';
import { migration0010 } from './0010-history-independent-lookups';
import { migration0011 } from './0011-register-flags-identification-print-jobs';
import { migration0012 } from './0012-repair-requests';
import type { Migration } from './types';

/** Every schema step in order. Append new steps; never edit or reorder a released one. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
