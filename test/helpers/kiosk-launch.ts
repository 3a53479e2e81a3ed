/**
 * Gets into the web host as the kiosk's browser does: open the one-time launch URL, keep the
 * session cookie it sets, and send it with the kiosk's own Origin. For tests and benches that
 * call the kiosk API without a browser (the e2e suite opens the launch URL in Chromium).
 */
export interface KioskLaunchSession {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** `name=value`, as a browser would send it. */
  cookie: string;
  /** Cookie and Origin for a call or the event WebSocket. */
  headers: { Cookie: string; Origin: string };
  /** POST /api/call/<method> with this session; answers the parsed envelope and the status. */
  call(method: string, input: unknown): Promise<{ status: number; body: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }>;
}

export async function openLaunchUrl(launchUrl: string): Promise<KioskLaunchSession> {
  const response = await fetch(launchUrl, { redirect: 'manual' });
  const setCookie = response.headers.get('set-cookie');
  if (response.status !== 303 || !setCookie) throw new Error(`The launch URL answered ${response.status} without a session cookie.`);
  const origin = new URL(launchUrl).origin;
  const cookie = setCookie.split(';')[0] as string;
  const headers = { Cookie: cookie, Origin: origin };
  return {
    origin,
    cookie,
    headers,
    async call(method, input) {
      const res = await fetch(`${origin}/api/call/${method}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
      return { status: res.status, body: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
    },
  };
}
