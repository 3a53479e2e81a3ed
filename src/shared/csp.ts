/**
 * The kiosk page's Content Security Policy, the same in both hosts: scripts and styles only
 * from the app itself, no eval, no plugins, no framing, no form posts elsewhere.
 * `connect-src 'self'` covers the web host's API and WebSocket on the same origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
