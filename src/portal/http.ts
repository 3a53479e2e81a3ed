import type { IncomingMessage, ServerResponse } from 'node:http';
import { PortalProblem, type ProblemDocument } from './problem';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads and parses a JSON body; refuses other media types, oversize bodies and bad JSON. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new PortalProblem('payload_too_large');
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new PortalProblem('unsupported_media_type');
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new PortalProblem('invalid_json');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendProblem(res: ServerResponse, problem: ProblemDocument, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(problem);
  const extra: Record<string, string> = { ...headers };
  if (problem.retryAfterSeconds !== undefined && !('retry-after' in extra)) extra['retry-after'] = String(problem.retryAfterSeconds);
  res.writeHead(problem.status, {
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
}

export interface Route {
  method: string;
  /** OpenAPI path template, e.g. /v1/members/{memberNo}. */
  template: string;
  regex: RegExp;
  names: string[];
}

export function compileRoute(method: string, template: string): Route {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a: string | undefined, b: string | undefined) => {
    names.push((a ?? b) as string);
    return '([^/]+)';
  });
  return { method, template, regex: new RegExp(`^${pattern}$`), names };
}

export function matchRoute(route: Route, path: string): Record<string, string> | null {
  const m = route.regex.exec(path);
  if (!m) return null;
  const params: Record<string, string> = {};
  route.names.forEach((name, i) => {
    params[name] = decodeURIComponent(m[i + 1] ?? '');
  });
  return params;
}
