export interface PortalLimits {
  /** Largest single top-up (yen). */
  maxTopupPerTransaction: number;
  /** Largest balance a wallet may hold (yen). */
  maxBalance: number;
  appTokenTtlMs: number;
  sessionTtlMs: number;
  /** How long client request ids are kept (at least 7 days). */
  idempotencyRetentionMs: number;
  signupUrlTtlMs: number;
  verification: {
    codeTtlMs: number;
    maxWrongAttempts: number;
    maxCodesPerAddress: number;
    resendCooldownMs: number;
  };
  /** Birthdate guessing at `identifyMember`, per member number. */
  identify: {
    /** Wrong birthdates in one window that lock the member number (the last one answers the lock). */
    maxWrongBirthdates: number;
    /** The window the wrong tries are counted in, and how long a lock lasts. */
    windowMs: number;
  };
}

export const DEFAULT_LIMITS: PortalLimits = {
  maxTopupPerTransaction: 50_000,
  maxBalance: 100_000,
  appTokenTtlMs: 5 * 60_000,
  sessionTtlMs: 60 * 60_000,
  idempotencyRetentionMs: 8 * 24 * 60 * 60_000,
  signupUrlTtlMs: 60 * 60_000,
  verification: { codeTtlMs: 10 * 60_000, maxWrongAttempts: 5, maxCodesPerAddress: 10, resendCooldownMs: 30_000 },
  identify: { maxWrongBirthdates: 5, windowMs: 15 * 60_000 },
};

/** The defaults with the given overrides (nested groups merged field by field). */
export function resolveLimits(limits: Partial<PortalLimits> = {}): PortalLimits {
  return {
    ...DEFAULT_LIMITS,
    ...limits,
    verification: { ...DEFAULT_LIMITS.verification, ...limits.verification },
    identify: { ...DEFAULT_LIMITS.identify, ...limits.identify },
  };
}
