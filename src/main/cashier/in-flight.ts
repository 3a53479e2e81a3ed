import type { ConfirmResult } from '../../shared/api/register';
import { KioskError } from '../../shared/errors';

/** What a request asks for, apart from its id (and its approval): compared when the id comes again. */
function bodyOf(input: object): string {
  return JSON.stringify(Object.entries(input).filter(([key]) => key !== 'clientRequestId' && key !== 'approval').sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The register's calls still running, by client request id: a repeat (double tap, retry) joins
 * the running call only if it asks for the same thing; the same id with another body is
 * `request_conflict`, in flight as after the first call finished (issue 12, finding 6).
 */
export class InFlightRequests {
  private readonly running = new Map<string, { body: string; result: Promise<ConfirmResult> }>();

  /** The running call's answer for a repeat, or null when no call with that id is running. */
  join(clientRequestId: string, input: object): Promise<ConfirmResult> | null {
    const running = this.running.get(clientRequestId);
    if (!running) return null;
    if (running.body !== bodyOf(input)) return Promise.reject(new KioskError('request_conflict', 'This transaction id is already in use for another transaction.'));
    return running.result.then((result) => ({ ...result, replayed: true }));
  }

  /** Keeps `work` as the running call for `clientRequestId` until it settles. */
  track(clientRequestId: string, input: object, work: Promise<ConfirmResult>): Promise<ConfirmResult> {
    const result = work.finally(() => this.running.delete(clientRequestId));
    this.running.set(clientRequestId, { body: bodyOf(input), result });
    return result;
  }
}
