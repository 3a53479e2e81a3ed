export { PortalClient, type PortalClientOptions } from './client';
export { PortalError, SYNC_REASONS, dispositionOf, parseRetryAfter, reasonForProblem, transportError, type Disposition, type SyncReason } from './errors';
