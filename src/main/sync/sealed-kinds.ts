import type { OperationKind } from '../../shared/portal-api/types';

/**
 * Which queued operations are sealed at rest (SECURITY.md, "What survives a power cut"):
 * a sign-up, an e-mail change or a repair request carries a student's name, phone, address or e-mail, so its
 * payload is sealed with the at-rest key. Money operations (member number, amount, ids,
 * sequence numbers, staff id, the one-use app token) are not: they must stay sendable even if
 * the key is ever lost, so no acknowledged top-up or payment depends on the key.
 */
const PERSONAL_DATA_KINDS: ReadonlySet<OperationKind> = new Set<OperationKind>(['signup.create', 'email_change.create', 'repair_request.create']);

export function carriesPersonalData(kind: OperationKind): boolean {
  return PERSONAL_DATA_KINDS.has(kind);
}
