/**
 * `npm run portal`: the reference portal on its own.
 * PORTAL_PORT (default 5790), PORTAL_DATA_DIR (default ./data/portal; database portal.sqlite),
 * PORTAL_MODE=demo|production (default demo: seeds demo-kiosk-01 and demo members, mounts /admin).
 * PORTAL_CODE_TTL_SECONDS, PORTAL_MAX_WRONG_CODES, PORTAL_MAX_CODES_PER_ADDRESS,
 * PORTAL_RESEND_COOLDOWN_SECONDS override the verification-code limits (Azure AD B2C defaults).
 * PORTAL_IDENTIFY_MAX_WRONG (default 5) wrong birthdates within PORTAL_IDENTIFY_WINDOW_SECONDS
 * (default 900) lock identification of that member number for the same time.
 */
import { join, resolve } from 'node:path';
import { DEMO_DEVICE_ID, DEMO_DEVICE_SECRET } from './demo-seed';
import { startPortalServer } from './server';
import { DEFAULT_LIMITS } from './service';

function fail(message: string): never {
  process.stderr.write(`portal: ${message}\n`);
  process.exit(2);
}

const rawPort = process.env.PORTAL_PORT ?? '5790';
if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65_535) fail(`PORTAL_PORT must be a port number, got "${rawPort}"`);
const mode = process.env.PORTAL_MODE ?? 'demo';
if (mode !== 'demo' && mode !== 'production') fail(`PORTAL_MODE must be demo or production, got "${mode}"`);
const dataDir = resolve(process.env.PORTAL_DATA_DIR ?? join('data', 'portal'));
const verbose = process.env.PORTAL_LOG === '1';

/** Optional verification limits (seconds / counts), e.g. a short code lifetime for a rehearsal. */
function limitFromEnv(name: string, fallback: number, scale = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw)) fail(`${name} must be a whole number, got "${raw}"`);
  return Number(raw) * scale;
}
const defaults = DEFAULT_LIMITS.verification;
const verification = {
  codeTtlMs: limitFromEnv('PORTAL_CODE_TTL_SECONDS', defaults.codeTtlMs, 1000),
  maxWrongAttempts: limitFromEnv('PORTAL_MAX_WRONG_CODES', defaults.maxWrongAttempts),
  maxCodesPerAddress: limitFromEnv('PORTAL_MAX_CODES_PER_ADDRESS', defaults.maxCodesPerAddress),
  resendCooldownMs: limitFromEnv('PORTAL_RESEND_COOLDOWN_SECONDS', defaults.resendCooldownMs, 1000),
};
const identify = {
  maxWrongBirthdates: limitFromEnv('PORTAL_IDENTIFY_MAX_WRONG', DEFAULT_LIMITS.identify.maxWrongBirthdates),
  windowMs: limitFromEnv('PORTAL_IDENTIFY_WINDOW_SECONDS', DEFAULT_LIMITS.identify.windowMs, 1000),
};
if (identify.maxWrongBirthdates < 1) fail('PORTAL_IDENTIFY_MAX_WRONG must be at least 1');

const portal = await startPortalServer({
  port: Number(rawPort),
  dbPath: join(dataDir, 'portal.sqlite'),
  mode,
  limits: { verification, identify },
  log: verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
}).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));

process.stdout.write(
  `Portal API (${mode}) on ${portal.url}` + (mode === 'demo' ? ` — demo device ${DEMO_DEVICE_ID} / ${DEMO_DEVICE_SECRET}, admin API at ${portal.url}/admin` : '') + '\n',
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  portal.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`portal: close after ${signal} failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
