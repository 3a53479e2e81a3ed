import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits, URL- and cookie-safe. */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function sameToken(candidate: string | undefined, expected: string | null): boolean {
  if (candidate === undefined || expected === null) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * How the kiosk page gets its credential in the web host (issue 12, finding 5): the launcher
 * prints a one-time launch URL; the first browser that opens it gets a session cookie
 * (HttpOnly, SameSite=Strict, Path=/) and the token is spent. Nothing served afterwards carries
 * a credential, so fetching the page gives another program nothing that can call the API.
 *
 * One session at a time: a new launch token (`mint()`, e.g. after the kiosk's browser was
 * restarted) revokes nothing by itself, but exchanging it replaces the previous session, so at
 * most one browser is the kiosk.
 */
export class LaunchSessions {
  private launchToken: string | null = null;
  private sessionToken: string | null = null;

  /** The cookie's name carries the port: cookies are shared by every port of 127.0.0.1. */
  constructor(private readonly cookieName: string) {}

  /** A fresh launch token; any earlier one that was not used yet stops working. */
  mint(): string {
    this.launchToken = newToken();
    return this.launchToken;
  }

  /**
   * Spends a launch token: on a match, returns the Set-Cookie value of a new session (which
   * replaces the previous one); otherwise null. A token works once.
   */
  exchange(token: string): string | null {
    if (!sameToken(token, this.launchToken)) return null;
    this.launchToken = null;
    this.sessionToken = newToken();
    return `${this.cookieName}=${this.sessionToken}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** Whether the request's Cookie header carries the current session. */
  hasSession(cookieHeader: string | undefined): boolean {
    if (!cookieHeader || this.sessionToken === null) return false;
    for (const part of cookieHeader.split(';')) {
      const separator = part.indexOf('=');
      if (separator < 0 || part.slice(0, separator).trim() !== this.cookieName) continue;
      if (sameToken(part.slice(separator + 1).trim(), this.sessionToken)) return true;
    }
    return false;
  }
}
