import type { PortalContext } from './context';
import { PortalProblem } from './problem';
import { toEmailChange, type EmailChangeRow } from './email-changes';
import { maskEmail } from './util';
import type { EmailChange, EmailChangeReview } from '../shared/portal-api/types';

interface ReviewRow extends EmailChangeRow {
  name: string;
  name_kana: string;
  birth_date: string;
  device_name: string;
}

/**
 * Which requests a device may see: those made by a kiosk of its store, or (a device in no store)
 * its own. One SQL condition, used by the list, the review and the decision alike.
 */
const VISIBLE_TO = `(ec.device_id = :deviceId OR (
  (SELECT store_id FROM devices WHERE device_id = :deviceId) IS NOT NULL AND
  d.store_id = (SELECT store_id FROM devices WHERE device_id = :deviceId)))`;

/**
 * The store's side of email changes (issue 12): the pending requests of every kiosk of the
 * caller's store, and one request's review detail (the member's name, kana and birth date, so
 * staff can check an ID at the register). Both are limited to the device's store.
 */
export class StoreEmailChanges {
  constructor(private readonly ctx: PortalContext) {}

  storeOf(deviceId: string): string | null {
    const row = this.ctx.sql('SELECT store_id FROM devices WHERE device_id = ?').get(deviceId) as { store_id: string | null } | undefined;
    return row?.store_id ?? null;
  }

  pending(deviceId: string, limit: number): { storeId: string | null; items: EmailChange[] } {
    const rows = this.ctx
      .sql(
        `SELECT ec.*
         FROM email_changes ec JOIN devices d ON d.device_id = ec.device_id
         WHERE ec.status = 'requested' AND ${VISIBLE_TO}
         ORDER BY ec.requested_at DESC, ec.id LIMIT :limit`,
      )
      .all({ deviceId, limit }) as EmailChangeRow[];
    return { storeId: this.storeOf(deviceId), items: rows.map(toEmailChange) };
  }

  review(deviceId: string, requestId: string): EmailChangeReview {
    const row = this.ctx
      .sql(
        `SELECT ec.*, m.name, m.name_kana, m.birth_date, d.display_name AS device_name
         FROM email_changes ec JOIN devices d ON d.device_id = ec.device_id JOIN members m ON m.member_no = ec.member_no
         WHERE ec.id = :requestId AND ${VISIBLE_TO}`,
      )
      .get({ deviceId, requestId }) as ReviewRow | undefined;
    // Another store's request answers as if it did not exist: its existence is not disclosed either.
    if (!row) throw new PortalProblem('email_change_not_found');
    return {
      ...toEmailChange(row),
      maskedCurrentEmail: maskEmail(row.old_email),
      name: row.name,
      nameKana: row.name_kana,
      birthDate: row.birth_date,
      requestedAtDevice: row.device_name,
    };
  }

  /** A decision names a request this device may see, or it is refused as not found. */
  assertVisible(deviceId: string, requestId: string): void {
    const row = this.ctx
      .sql(`SELECT 1 FROM email_changes ec JOIN devices d ON d.device_id = ec.device_id WHERE ec.id = :requestId AND ${VISIBLE_TO}`)
      .get({ deviceId, requestId });
    if (!row) throw new PortalProblem('email_change_not_found');
  }
}
