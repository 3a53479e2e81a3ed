/**
 * The cashier register (DESIGN.md §3.3): member panel from a scan, top-ups and payments with
 * idempotent client request ids, void of the last transaction, end-of-day and CSV export, the
 * offline queue's count and sum. Amounts are whole yen.
 */
import { z } from 'zod';
import { NoInput, type MethodSchema } from './common';
import { ApprovalSchema } from './staff';
import { MemberNoSchema } from './scanner';
import { KIOSK_ERROR_CODES } from '../errors';

/** The largest single amount the register accepts at all (the portal's limits are lower). */
export const REGISTER_MAX_AMOUNT = 1_000_000;
/** Largest cash a customer may hand over for one top-up. */
export const REGISTER_MAX_CASH = 10_000_000;

export const YenSchema = z.number().int().min(1).max(REGISTER_MAX_AMOUNT);
/** Lower-case UUID v4, created by the register when the transaction is created. */
export const ClientRequestIdSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a lower-case UUID v4');
export const BusinessDaySchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date YYYY-MM-DD');

export const RegisterKindSchema = z.enum(['topup', 'payment']);
export type RegisterKind = z.infer<typeof RegisterKindSchema>;
export const AppTokenModeSchema = z.enum(['pay', 'points', 'charge']);

export const RegisterLimitsSchema = z.object({
  topupPresets: z.array(z.number().int()),
  topupMax: z.number().int(),
  balanceMax: z.number().int(),
  offline: z.object({
    payments: z.boolean(),
    perTransaction: z.number().int(),
    perMember: z.number().int(),
    kioskTotal: z.number().int(),
    maxAgeHours: z.number(),
  }),
});
export type RegisterLimits = z.infer<typeof RegisterLimitsSchema>;

/** Unsent transactions of this kiosk (the offline bar) and declines waiting for staff. */
export const RegisterQueueSchema = z.object({
  count: z.number().int(),
  topups: z.number().int(),
  payments: z.number().int(),
  /** Sum of every unsent amount (top-ups + payments + voids). */
  sum: z.number().int(),
  oldestAt: z.number().nullable(),
  flagged: z.number().int(),
});
export type RegisterQueue = z.infer<typeof RegisterQueueSchema>;

export const RegisterMemberSchema = z.object({
  memberNo: z.string(),
  name: z.string(),
  nameKana: z.string(),
  status: z.enum(['active', 'suspended', 'withdrawn']),
  balance: z.object({
    /** The portal's balance as last seen (live, or the local copy's). */
    lastKnown: z.number().int(),
    /** Unsent payments and top-up voids of this member (subtracted). */
    pendingDebits: z.number().int(),
    /** Unsent top-ups (not counted towards what may be spent). */
    pendingCredits: z.number().int(),
    /** lastKnown − pendingDebits: what a payment is checked against. */
    available: z.number().int(),
  }),
  /** True when the portal answered just now; otherwise `asOf` is when the balance was true. */
  live: z.boolean(),
  asOf: z.number(),
  source: z.enum(['card', 'appToken', 'manual']),
  /** The app barcode's mode (it opens the matching screen); null for a card. */
  tokenMode: AppTokenModeSchema.nullable(),
  /** Opaque handle of the app token held by the core (the token itself never leaves it). */
  tokenRef: z.string().nullable(),
  /** What this member may still pay offline under the floor limits (null while online). */
  offlineAllowance: z.number().int().nullable(),
});
export type RegisterMember = z.infer<typeof RegisterMemberSchema>;

export const RegisterTransactionSchema = z.object({
  clientRequestId: z.string(),
  /** Per-kiosk sequence number. */
  seq: z.number().int(),
  kind: z.enum(['topup', 'payment', 'void']),
  memberNo: z.string(),
  memberName: z.string(),
  amount: z.number().int(),
  cashReceived: z.number().int().nullable(),
  change: z.number().int().nullable(),
  state: z.enum(['pending', 'synced', 'declined']),
  offline: z.boolean(),
  /** The portal's own code for a refusal (a small detail for staff; never shown alone). */
  declineCode: z.string().nullable(),
  /** The same refusal as the kiosk's error code (translated in one place, sync/portal-errors.ts): the screen words it. */
  declineReason: z.enum(KIOSK_ERROR_CODES).nullable(),
  /** Declined while the cashier waited (told at once, no staff follow-up). */
  declinedAtCounter: z.boolean(),
  /** Balance after it, when the portal applied it. */
  balanceAfter: z.number().int().nullable(),
  createdAt: z.number(),
  staffName: z.string(),
  supervisorName: z.string().nullable(),
  /** For a void: the transaction it cancels. */
  targetClientRequestId: z.string().nullable(),
  /** Set when a later void cancelled this one. */
  voidedBy: z.string().nullable(),
  /** What the receipt's Code 128 barcode carries. */
  receiptCode: z.string(),
  source: z.enum(['card', 'appToken', 'manual']),
});
export type RegisterTransaction = z.infer<typeof RegisterTransactionSchema>;

/** A receipt printer as the register shows it: connected or not, its condition, receipts waiting. */
export const RegisterPrinterSchema = z.object({
  uri: z.string(),
  connected: z.boolean(),
  /** ready, paper-near-end, paper-out, cover-open, offline, no-reply; 'disconnected' when not reachable. */
  condition: z.enum(['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'no-reply', 'disconnected']),
  pending: z.number().int(),
});
export type RegisterPrinter = z.infer<typeof RegisterPrinterSchema>;

/** A receipt as the paper shows it: SVG rendered by the core from the one layout (drawn through the renderer's allow-list, never as markup). */
export const ReceiptPreviewSchema = z.object({
  clientRequestId: z.string(),
  kind: z.enum(['topup', 'payment', 'void']),
  /** Marked 再発行 on the paper. */
  reprint: z.boolean(),
  svg: z.string().startsWith('<svg'),
  /** The receipt printers that print it (0: none configured; the preview is all there is). */
  printers: z.number().int(),
});
export type ReceiptPreview = z.infer<typeof ReceiptPreviewSchema>;

export const RegisterStateSchema = z.object({
  limits: RegisterLimitsSchema,
  queue: RegisterQueueSchema,
  /** The last top-up or payment of this kiosk that a void may still cancel. */
  voidable: RegisterTransactionSchema.nullable(),
  online: z.boolean(),
  today: BusinessDaySchema,
  /** Payments on a typed member number: allowed, with a supervisor's approval, or refused (store policy). */
  typedPayments: z.enum(['allow', 'approve', 'refuse']),
  /** The receipt printers (empty: none configured). */
  printers: z.array(RegisterPrinterSchema),
});
export type RegisterState = z.infer<typeof RegisterStateSchema>;

export const ConfirmResultSchema = z.object({
  transaction: RegisterTransactionSchema,
  /** done: the portal applied it; queued: on disk and in the outbox, sent when the portal answers. */
  outcome: z.enum(['done', 'queued']),
  /** Repeated call for the same client request id: the first answer. */
  replayed: z.boolean(),
});
export type ConfirmResult = z.infer<typeof ConfirmResultSchema>;

/** How a supervisor settled a flag: the member paid in cash, the store wrote it off, or it is owed and paid later. */
export const FlagOutcomeSchema = z.enum(['cash', 'written_off', 'paid_later']);
export type FlagOutcome = z.infer<typeof FlagOutcomeSchema>;

const CountAmountSchema = z.object({ count: z.number().int(), amount: z.number().int() });
export const FlagSummarySchema = z.object({
  /** Flags not yet settled (every day): the red bar shows while this is not zero. */
  open: CountAmountSchema,
  /** Flags settled on this business day, per outcome. */
  resolved: z.object({ cash: CountAmountSchema, written_off: CountAmountSchema, paid_later: CountAmountSchema }),
});
export type FlagSummary = z.infer<typeof FlagSummarySchema>;

const TotalsSchema = z.object({
  topupCount: z.number().int(),
  topupAmount: z.number().int(),
  paymentCount: z.number().int(),
  paymentAmount: z.number().int(),
  voidCount: z.number().int(),
  voidTopupAmount: z.number().int(),
  voidPaymentAmount: z.number().int(),
  /** Cash that came in: top-ups minus voided top-ups. */
  netCash: z.number().int(),
});
export type RegisterTotals = z.infer<typeof TotalsSchema>;

export const EndOfDaySchema = z.object({
  day: BusinessDaySchema,
  generatedAt: z.number(),
  totals: TotalsSchema,
  perCashier: z.array(TotalsSchema.extend({ staffId: z.string(), staffName: z.string() })),
  perKind: z.array(z.object({ kind: z.enum(['topup', 'payment', 'void']), state: z.enum(['pending', 'synced', 'declined']), count: z.number().int(), amount: z.number().int() })),
  /** Counted at the counter, not part of the totals. */
  declinedAtCounter: z.object({ count: z.number().int(), amount: z.number().int() }),
  /** Declined by the portal after the fact: flagged for staff. */
  flagged: z.number().int(),
  /** Open flags and the flags settled this day (cash collected is part of the expected cash). */
  flags: FlagSummarySchema,
  drawerFloat: z.number().int(),
  expectedCash: z.number().int(),
  count: z.object({ counted: z.number().int(), difference: z.number().int(), staffName: z.string(), at: z.number() }).nullable(),
});
export type EndOfDay = z.infer<typeof EndOfDaySchema>;

export const registerMethods = {
  /** Staff (cashier): limits, presets, the offline queue and the voidable last transaction. */
  getRegisterState: { input: NoInput, output: RegisterStateSchema },
  /** Staff (cashier): the member panel for a scan the hub reported (card or app barcode). */
  registerOpenScan: { input: z.object({ scanId: z.string().min(1).max(40) }).strict(), output: RegisterMemberSchema },
  /** Staff (cashier): the member panel for a typed member number. */
  registerOpenMember: { input: z.object({ memberNo: MemberNoSchema }).strict(), output: RegisterMemberSchema },
  /**
   * Staff (cashier): records a top-up or payment. Idempotent on `clientRequestId` (a double tap
   * gets the first answer). Returns only after the transaction and its outbox row are on disk.
   */
  registerConfirm: {
    input: z
      .object({
        clientRequestId: ClientRequestIdSchema,
        kind: RegisterKindSchema,
        memberNo: MemberNoSchema,
        amount: YenSchema,
        cashReceived: z.number().int().min(1).max(REGISTER_MAX_CASH).optional(),
        tokenRef: z.string().min(1).max(64).optional(),
        /** A cashier's supervisor approving a payment on a typed member number (store policy). */
        approval: ApprovalSchema.optional(),
      })
      .strict(),
    output: ConfirmResultSchema,
  },
  /** Staff: voids the last transaction; a cashier needs a supervisor's approval (staff number + PIN). Idempotent on `clientRequestId`. */
  registerVoidLast: {
    input: z
      .object({
        clientRequestId: ClientRequestIdSchema,
        targetClientRequestId: ClientRequestIdSchema,
        approval: ApprovalSchema.optional(),
      })
      .strict(),
    output: ConfirmResultSchema,
  },
  /** Staff (cashier): totals of one business day (default today), per cashier and per kind. */
  registerEndOfDay: { input: z.object({ day: BusinessDaySchema.optional() }).strict(), output: EndOfDaySchema },
  /** Staff (cashier): records the counted cash of a day (audited); answers the report with it. */
  registerRecordCount: { input: z.object({ day: BusinessDaySchema, counted: z.number().int().min(0).max(REGISTER_MAX_CASH * 10) }).strict(), output: EndOfDaySchema },
  /**
   * Staff (cashier): the day's transactions as CSV (audited): store-local times, headers in
   * `language`, UTF-8 with BOM or Shift_JIS. The file's bytes as base64.
   */
  registerExportCsv: {
    input: z.object({ day: BusinessDaySchema, language: z.enum(['ja', 'en']), encoding: z.enum(['utf8-bom', 'shift_jis']) }).strict(),
    output: z.object({ filename: z.string(), mimeType: z.string(), base64: z.string(), rows: z.number().int(), unencodable: z.number().int() }),
  },
  /** Staff (cashier): transactions the portal declined after the fact, waiting for staff. */
  registerFlagged: { input: NoInput, output: z.array(RegisterTransactionSchema) },
  /**
   * Staff: settles a flag with an outcome and a note (sealed; the audit keeps its length), and
   * closes its dead letter in the same transaction. A supervisor approves (staff number + PIN) unless one is signed in.
   */
  registerResolveFlag: {
    input: z.object({ clientRequestId: ClientRequestIdSchema, outcome: FlagOutcomeSchema, note: z.string().trim().min(1).max(200), approval: ApprovalSchema.optional() }).strict(),
    output: z.array(RegisterTransactionSchema),
  },
  /** Staff (cashier): a transaction's receipt as the paper shows it (a void's 会計控え), for the screen. */
  registerReceiptPreview: { input: z.object({ clientRequestId: ClientRequestIdSchema }).strict(), output: ReceiptPreviewSchema },
  /** Staff (cashier): prints the last receipt again, marked 再発行 (audited); refused without a printer. */
  registerReprintLast: { input: NoInput, output: ReceiptPreviewSchema },
} as const satisfies Record<string, MethodSchema>;

export const registerEvents = {
  /** The offline queue or the flagged list changed. */
  registerQueue: RegisterQueueSchema,
  /** The portal's live answer for a member panel first shown from the cached roster. */
  registerMemberRefreshed: RegisterMemberSchema,
  /** A receipt printer's status changed (paper out, cover open, back…). */
  registerPrinters: z.array(RegisterPrinterSchema),
} as const;
