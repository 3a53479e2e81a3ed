import type { PortalDatabase } from './db';
import { createPortalContext, type PortalContext } from './context';
import { resolveLimits, type PortalLimits } from './limits';
import { Devices } from './devices';
import { Members, type SeedMember } from './members';
import { Identification } from './identify';
import { DevMessages } from './messages';
import { AppTokens } from './app-tokens';
import { Verifications } from './verification';
import { EmailChanges } from './email-changes';
import { StoreEmailChanges } from './store-email-changes';
import { Signups } from './signups';
import { RepairRequests } from './repair-requests';
import { Wallet } from './wallet';
import { OperationExecutor } from './operations';
import type { AppTokenMode } from './app-token-format';

export { DEFAULT_LIMITS, type PortalLimits } from './limits';
export type { SeedMember } from './members';

/**
 * The reference portal's business logic over its SQLite database, one class per resource.
 * Synchronous except the device secret checks (scrypt off the event loop): every mutation is
 * one SQLite transaction, so a response is only sent for committed work. The methods here are
 * the portal's entry points; each passes straight to its resource.
 */
export class PortalService {
  readonly limits: PortalLimits;
  readonly devices: Devices;
  readonly members: Members;
  readonly identification: Identification;
  readonly messages: DevMessages;
  readonly appTokens: AppTokens;
  readonly verifications: Verifications;
  readonly emailChanges: EmailChanges;
  readonly storeEmailChanges: StoreEmailChanges;
  readonly signups: Signups;
  readonly repairRequests: RepairRequests;
  readonly wallet: Wallet;
  readonly operations: OperationExecutor;
  private readonly ctx: PortalContext;

  constructor(
    readonly db: PortalDatabase,
    readonly now: () => number,
    limits: Partial<PortalLimits> = {},
  ) {
    this.limits = resolveLimits(limits);
    this.ctx = createPortalContext(db, now, this.limits);
    this.devices = new Devices(this.ctx);
    this.members = new Members(this.ctx);
    this.identification = new Identification(this.ctx, this.members);
    this.messages = new DevMessages(this.ctx);
    this.appTokens = new AppTokens(this.ctx, this.members);
    this.verifications = new Verifications(this.ctx, this.members, this.messages);
    this.emailChanges = new EmailChanges(this.ctx, this.members, this.verifications, this.messages);
    this.storeEmailChanges = new StoreEmailChanges(this.ctx);
    this.signups = new Signups(this.ctx, this.members, this.verifications, this.messages);
    this.repairRequests = new RepairRequests(this.ctx, this.members, this.verifications, this.messages);
    this.wallet = new Wallet(this.ctx, this.members, this.appTokens);
    this.operations = new OperationExecutor(this.ctx, {
      devices: this.devices,
      members: this.members,
      wallet: this.wallet,
      signups: this.signups,
      emailChanges: this.emailChanges,
      repairRequests: this.repairRequests,
    });
  }

  // devices
  upsertDevice = (deviceId: string, secret: string, displayName?: string, storeId?: string) => this.devices.upsertDevice(deviceId, secret, displayName, storeId);
  setDeviceStore = (deviceId: string, storeId: string) => this.devices.setDeviceStore(deviceId, storeId);
  getDevice = (deviceId: string) => this.devices.getDevice(deviceId);
  setDeviceDisabled = (deviceId: string, disabled: boolean) => this.devices.setDeviceDisabled(deviceId, disabled);
  authenticateDevice = (deviceId: string, secret: string) => this.devices.authenticateDevice(deviceId, secret);
  deviceForToken = (token: string | null) => this.devices.deviceForToken(token);

  // members and roster
  upsertMembers = (members: readonly SeedMember[]) => this.members.upsertMembers(members);
  getMember = (memberNo: string) => this.members.getMember(memberNo);
  getMemberByCard = (barcode: string) => this.members.getMemberByCard(barcode);
  identifyMember = (memberNo: string, birthDate: string) => this.identification.identifyMember(memberNo, birthDate);
  rosterPage = (cursor: string | undefined, limit: number) => this.members.rosterPage(cursor, limit);

  // app tokens and the dev outbox
  mintAppToken = (memberNo: string, mode: AppTokenMode, ttlMs?: number) => this.appTokens.mint(memberNo, mode, ttlMs);
  resolveAppToken = (token: string) => this.appTokens.resolve(token);
  listMessages = (filter: Parameters<DevMessages['list']>[0]) => this.messages.list(filter);
  clearMessages = () => this.messages.clear();

  // verification codes and email changes
  sendVerificationCode = (input: Parameters<Verifications['send']>[0]) => this.verifications.send(input);
  resendVerificationCode = (verificationId: string) => this.verifications.resend(verificationId);
  confirmVerificationCode = (verificationId: string, code: string) => this.verifications.confirm(verificationId, code);
  /** A request's status for a kiosk of its store (or, in no store, the kiosk that made it); any other: not found. */
  getEmailChange = (deviceId: string, id: string) => {
    this.storeEmailChanges.assertVisible(deviceId, id);
    return this.emailChanges.get(id);
  };
  listEmailChanges = (memberNo: string) => this.emailChanges.list(memberNo);
  /** A device decides only the requests of its store (or its own, when it is in none). */
  decideEmailChange = (deviceId: string, id: string, decision: 'approve' | 'reject', staffId: string, reason?: string) => {
    this.storeEmailChanges.assertVisible(deviceId, id);
    return this.emailChanges.decide(id, decision, staffId, reason);
  };
  storePendingEmailChanges = (deviceId: string, limit: number) => this.storeEmailChanges.pending(deviceId, limit);
  reviewEmailChange = (deviceId: string, id: string) => this.storeEmailChanges.review(deviceId, id);
  completeEmailChange = (id: string) => this.emailChanges.complete(id);

  // repair requests
  listRepairRequests = (filter: Parameters<RepairRequests['list']>[0]) => this.repairRequests.list(filter);
  setRepairRequestStatus = (...args: Parameters<RepairRequests['setStatus']>) => this.repairRequests.setStatus(...args);

  // wallet and sequenced operations
  walletStatement = (memberNo: string, limit: number) => this.wallet.statement(memberNo, limit);
  ledger = (filter: { memberNo?: string; deviceId?: string }) => this.wallet.ledger(filter);
  claim = (ids: readonly string[]) => this.operations.claim(ids);
  release = (ids: readonly string[]) => this.operations.release(ids);
  processOperations = (...args: Parameters<OperationExecutor['processOperations']>) => this.operations.processOperations(...args);
  pruneIdempotencyKeys = () => this.operations.pruneIdempotencyKeys();
}
