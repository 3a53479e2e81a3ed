import type { PortalContext } from './context';
import { iso } from './util';
import type { AdminMessage } from '../shared/portal-api/types';

/** The demo portal's outbox of mail and SMS: what it would send, kept for the admin API and tests. */
export class DevMessages {
  constructor(private readonly ctx: PortalContext) {}

  send(channel: 'email' | 'sms', recipient: string, subject: string, body: string, meta: Record<string, unknown> = {}): void {
    this.ctx
      .sql('INSERT INTO dev_messages (channel, recipient, subject, body, meta, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(channel, recipient, subject, body, JSON.stringify(meta), this.ctx.now());
  }

  list(filter: { recipient?: string; channel?: string; afterId?: number }): AdminMessage[] {
    const rows = this.ctx
      .sql(
        `SELECT * FROM dev_messages WHERE (@recipient IS NULL OR recipient = @recipient) AND (@channel IS NULL OR channel = @channel)
         AND id > @afterId ORDER BY id`,
      )
      .all({ recipient: filter.recipient ?? null, channel: filter.channel ?? null, afterId: filter.afterId ?? 0 }) as Array<{
      id: number;
      channel: 'email' | 'sms';
      recipient: string;
      subject: string;
      body: string;
      meta: string;
      created_at: number;
    }>;
    return rows.map((r) => ({ id: r.id, channel: r.channel, recipient: r.recipient, subject: r.subject, body: r.body, meta: JSON.parse(r.meta) as Record<string, unknown>, createdAt: iso(r.created_at) }));
  }

  clear(): void {
    this.ctx.sql('DELETE FROM dev_messages').run();
  }
}
