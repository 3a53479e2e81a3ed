import { EventEmitter } from 'node:events';
import { KioskError, type KioskErrorShape } from '../../shared/errors';
import {
  isKioskMethod,
  KIOSK_METHODS,
  kioskApi,
  type HostMode,
  type KioskEventEnvelope,
  type KioskEventName,
  type KioskEventPayload,
  type KioskInput,
  type KioskMethod,
  type KioskOutput,
  type KioskResult,
  type Connectivity,
} from '../../shared/kiosk-api';
import type { KioskConfig } from '../config';
import { openKioskDatabase, type SqliteDatabase } from '../db/database';
import { classifyDatabaseError } from '../db/errors';
import { StaffService } from '../staff/staff-service';
import type { CoreContext, CoreModule, CoreModuleFactory, HandlerMap } from './context';
import { createShellModule } from './shell-module';
import { seedDemoStaff } from './demo-seed';
import { createSyncModule } from './sync-module';
import { createAdminModule } from './admin-module';
import { createRegistrationModule } from '../registration/registration-module';
import { fileKeyProvider, SealingKey, type DraftKeyProvider } from '../registration/crypto';
import { createScannerModule, type ScannerModule } from '../scanner/scanner-module';
import { createRegisterModule } from '../register/register-module';
import { createSyncServices, type SyncServices } from '../sync/services';
import { sealOutboxPayloads, type OutboxHandlers } from '../sync/outbox';
import { DEMO_DEVICE_ID, DEMO_DEVICE_SECRET } from '../../portal/demo-seed';
import { createKioskLog } from '../log';
import { checkAtRestKey, type AtRestKeyStatus } from './key-check';

export interface KioskCoreOptions {
  config: KioskConfig;
  hostMode: HostMode;
  version: string;
  /** The portal the kiosk talks to; `embedded` when it is the in-process reference portal. */
  portal: { url: string; embedded: boolean };
  demo: boolean;
  now?: () => number;
  log?: (line: string) => void;
  /** Seals counter drafts; default: a 0600 key file in the data folder (the Electron app passes safeStorage). */
  draftKeyProvider?: DraftKeyProvider;
}

/** Domain modules beyond the shell, in start order. A new domain adds its factory here. */
const MODULE_FACTORIES: readonly CoreModuleFactory[] = [createSyncModule, createScannerModule, createRegisterModule, createRegistrationModule, createAdminModule];

/**
 * The platform-agnostic kiosk core: owns the database, the services and the event stream.
 * Both hosts call `call(method, input)` with whatever arrived over their wire; the core
 * validates it against the shared schemas and always answers with an envelope.
 */
export class KioskCore {
  readonly events = new EventEmitter();
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private db: SqliteDatabase | null = null;
  private databaseProblem: KioskErrorShape | null = null;
  /** Whether the at-rest key opens what it sealed (checked at start; the staff status screen shows it). */
  private atRestKey: AtRestKeyStatus = { state: 'ok' };
  private staff: StaffService | null = null;
  private sync: SyncServices | null = null;
  /** The one at-rest key of the core (see CoreContext.sealing). */
  private readonly sealingKey: SealingKey;
  private readonly context: CoreContext;
  private readonly modules: CoreModule[];
  private readonly handlers: HandlerMap;

  private constructor(private readonly options: KioskCoreOptions) {
    this.now = options.now ?? Date.now;
    // Every line of the core and its services is redacted (no PII, no device secret), whatever sink the host passes.
    this.log = createKioskLog({ ...(options.log ? { sink: options.log } : {}), secrets: [options.config.deviceSecret ?? '', DEMO_DEVICE_SECRET] });
    this.sealingKey = new SealingKey(options.draftKeyProvider ?? fileKeyProvider(options.config.dataDir));
    this.context = this.createContext();
    const shell = createShellModule(this.context, {
      connectivity: () => this.connectivity(),
      databaseProblem: () => this.databaseProblem,
      atRestKey: () => this.atRestKey,
      endSession: () => this.endSession(),
    });
    this.modules = [shell, ...MODULE_FACTORIES.map((factory) => factory(this.context))];
    this.handlers = Object.assign({}, ...this.modules.map((module) => module.handlers)) as HandlerMap;
    const missing = KIOSK_METHODS.filter((method) => !this.handlers[method]);
    if (missing.length > 0) throw new Error(`Kiosk API methods without a handler: ${missing.join(', ')}`);
  }

  static async create(options: KioskCoreOptions): Promise<KioskCore> {
    const core = new KioskCore(options);
    await core.openDatabase();
    if (!core.databaseProblem) {
      for (const module of core.modules) await module.start?.();
      core.sync?.start();
    }
    return core;
  }

  /** Validates and runs one kiosk API call. Never throws: failures come back as typed errors. */
  async call(method: unknown, rawInput: unknown): Promise<KioskResult<unknown>> {
    if (!isKioskMethod(method)) {
      return failure(new KioskError('unknown_method', `There is no kiosk API method named ${JSON.stringify(String(method)).slice(0, 80)}.`));
    }
    const parsed = kioskApi[method].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return failure(
        new KioskError('invalid_input', `The input of ${method} is not valid.`, {
          issues: parsed.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.map(String), message: issue.message })),
        }),
      );
    }
    try {
      const handler = this.handlers[method] as unknown as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      // The output schema guards the renderer against the core's own mistakes.
      return { ok: true, value: kioskApi[method].output.parse(value) };
    } catch (error) {
      if (error instanceof KioskError) return failure(error);
      if (isSqliteError(error)) return failure(classifyDatabaseError(error, this.options.config.databaseFile));
      this.log(`kiosk: ${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return failure(new KioskError('internal', 'Something went wrong inside the kiosk.'));
    }
  }

  /** Typed helper for in-process callers (tests, Electron main). */
  async invoke<M extends KioskMethod>(method: M, input: KioskInput<M>): Promise<KioskResult<KioskOutput<M>>> {
    return (await this.call(method, input)) as KioskResult<KioskOutput<M>>;
  }

  /** The database and sync services, for in-process callers (tests, benchmarks); null when the database is down. */
  services(): { db: SqliteDatabase; sync: SyncServices } | null {
    return this.db && this.sync ? { db: this.db, sync: this.sync } : null;
  }

  onEvent(listener: (envelope: KioskEventEnvelope) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  async close(): Promise<void> {
    await this.sync?.shutdown();
    for (const module of [...this.modules].reverse()) await module.stop?.();
    this.staff?.dispose();
    this.db?.close();
    this.db = null;
  }

  private emit<E extends KioskEventName>(event: E, payload: KioskEventPayload<E>): void {
    this.events.emit('event', { event, payload } satisfies KioskEventEnvelope<E>);
  }

  private async openDatabase(): Promise<void> {
    const { config } = this.options;
    try {
      this.db = openKioskDatabase(config.databaseFile);
    } catch (error) {
      // The kiosk still starts and tells staff what is wrong, instead of crashing.
      const problem = classifyDatabaseError(error, config.databaseFile);
      this.databaseProblem = problem.toJSON();
      this.log(`kiosk: database problem (${problem.code}): ${problem.message}`);
      return;
    }
    this.staff = new StaffService({
      db: this.db,
      now: this.now,
      lockoutSeconds: config.pinLockoutSeconds,
      idleSeconds: config.staffIdleSeconds,
      onSessionChange: (session) => this.emit('staffSession', session),
    });
    await seedDemoStaff(this.staff, { demo: this.options.demo, initialAdminPin: config.initialAdminPin, log: this.log });
    // Queued sign-ups and email changes carry personal data: their payloads are sealed at rest
    // (with the key of the moment: after a wipe, the next payload gets the fresh key).
    const sealing = () => this.sealingKey.current();
    sealOutboxPayloads(this.db, {
      seal: (payload, clientRequestId) => sealing().seal(payload, `outbox:${clientRequestId}`).toString('base64'),
      open: (sealed, clientRequestId) => sealing().open(Buffer.from(sealed, 'base64'), `outbox:${clientRequestId}`),
    });
    this.atRestKey = this.checkAtRestKey(this.db);
    this.sync = this.createSync(this.db);
  }

  /** A lost key never stops the kiosk: money is never sealed; staff are told what personal data is gone. */
  private checkAtRestKey(db: SqliteDatabase): AtRestKeyStatus {
    let cipher;
    try {
      cipher = this.sealingKey.current();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log(`kiosk: at-rest key unavailable: ${message}`);
      return { state: 'unavailable', message };
    }
    const status = checkAtRestKey(db, cipher, this.now());
    if (status.state === 'replaced') this.log(`kiosk: the at-rest key was replaced; personal data lost: ${status.report.operations.length} queued operation(s), ${status.report.drafts} draft(s)`);
    return status;
  }

  private createSync(db: SqliteDatabase): SyncServices {
    const { config, portal, demo } = this.options;
    const handlers: OutboxHandlers = Object.assign({}, ...this.modules.map((module) => module.outboxHandlers ?? {}));
    const sync = createSyncServices({
      db,
      portalUrl: portal.url,
      // Demo mode talks to the reference portal's seeded demo device.
      deviceId: config.deviceId ?? (demo ? DEMO_DEVICE_ID : ''),
      deviceSecret: config.deviceSecret ?? (demo ? DEMO_DEVICE_SECRET : ''),
      handlers,
      healthIntervalMs: config.healthIntervalMs,
      sealing: () => this.sealingKey.current(),
      log: this.log,
    });
    sync.connectivity.onChange((snapshot) => this.emit('connectivity', { state: snapshot.state, checkedAt: snapshot.checkedAt, lastOnlineAt: snapshot.lastOnlineAt }));
    return sync;
  }

  private connectivity(): Connectivity {
    if (!this.sync) return { state: 'offline', checkedAt: null, lastOnlineAt: null };
    const { state, checkedAt, lastOnlineAt } = this.sync.connectivity.snapshot();
    return { state, checkedAt, lastOnlineAt };
  }

  private async endSession(): Promise<void> {
    for (const module of this.modules) await module.endSession?.();
  }

  private createContext(): CoreContext {
    const { config, hostMode, version, portal, demo } = this.options;
    const unavailable = () =>
      new KioskError(this.databaseProblem?.code ?? 'db_unavailable', this.databaseProblem?.message ?? 'The database is not open.');
    return {
      config,
      hostMode,
      version,
      demo,
      portal,
      now: this.now,
      log: this.log,
      sealing: () => this.sealingKey.current(),
      forgetSealingKey: () => this.sealingKey.forget(),
      emit: (event, payload) => this.emit(event, payload),
      db: () => {
        if (!this.db) throw unavailable();
        return this.db;
      },
      staff: () => {
        if (!this.staff) throw unavailable();
        return this.staff;
      },
      sync: () => {
        if (!this.sync) throw unavailable();
        return this.sync;
      },
      findScan: (scanId) => {
        for (const module of this.modules) {
          const found = (module as Partial<ScannerModule>).hub?.recentScans().find((scan) => scan.id === scanId);
          if (found) return found;
        }
        return null;
      },
    };
  }
}

function failure(error: KioskError): KioskResult<never> {
  return { ok: false, error: error.toJSON() };
}

function isSqliteError(error: unknown): boolean {
  return error instanceof Error && error.name === 'SqliteError';
}
