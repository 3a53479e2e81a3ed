/**
 * The reference portal's outbox of mail, read as the student's mailbox. A code is mailed after the
 * kiosk's request settles, which on a loaded machine can be after the screen moved on, so reading
 * the last code waits for one (bounded) instead of looking once.
 */
import { expect } from '@playwright/test';
import type { KioskHandle } from './fixtures';

interface Mail {
  subject: string;
  body: string;
  meta: { code?: string };
}

export async function mails(kiosk: KioskHandle, email: string): Promise<Mail[]> {
  const res = await fetch(`${kiosk.portalUrl}/admin/messages?recipient=${encodeURIComponent(email)}&channel=email`);
  return ((await res.json()) as { messages: Mail[] }).messages;
}

/** The newest code mailed to `email`, waiting up to 15 s for the first one to arrive. */
export async function lastCode(kiosk: KioskHandle, email: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(
      async () => {
        code = (await mails(kiosk, email)).filter((m) => typeof m.meta.code === 'string').at(-1)?.meta.code;
        return code !== undefined;
      },
      { message: `a code mailed to ${email}`, timeout: 15_000 },
    )
    .toBe(true);
  return code as string;
}
