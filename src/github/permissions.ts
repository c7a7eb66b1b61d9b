import type { Logger } from '../logger.js';

/** The optional write channels and the job permission each needs. */
export const CHANNEL_PERMISSION = {
  'check run': 'checks: write',
  'PR comment': 'pull-requests: write',
} as const;
export type WriteChannel = keyof typeof CHANNEL_PERMISSION;

interface HttpError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

/** A refused write (read-only token), as opposed to a rate limit, which also uses 403. */
export function isPermissionDenied(e: unknown): boolean {
  const err = e as HttpError;
  if (err?.status !== 403) return false;
  return !/rate limit/i.test(err.message ?? '');
}

function describe(e: unknown): string {
  const err = e as HttpError;
  const msg = (err?.message ?? String(e)).split('\n')[0]!.slice(0, 300);
  return err?.status ? `HTTP ${err.status}: ${msg}` : msg;
}

/**
 * Runs optional writes. A refused write disables its channel and is reported once, as a warning
 * naming the permission; any other failure (after the client's retries) is a warning for that
 * request only, so a later request, such as completing the check run, still gets its chance. Neither changes the job result: the
 * workflow annotations, job summary, SARIF and exit code carry every finding regardless.
 */
export class WriteGuard {
  private readonly disabled = new Set<WriteChannel>();
  private readonly warned = new Set<string>();
  readonly failures: { channel: WriteChannel; message: string }[] = [];

  constructor(private readonly log: Logger) {}

  isDisabled(channel: WriteChannel): boolean {
    return this.disabled.has(channel);
  }

  /** Disabled channels with the permission they lack, for the job summary. */
  refused(): { channel: WriteChannel; permission: string }[] {
    return [...this.disabled].map((channel) => ({ channel, permission: CHANNEL_PERMISSION[channel] }));
  }

  async run<T>(channel: WriteChannel, what: string, fn: () => Promise<T>): Promise<T | undefined> {
    if (this.disabled.has(channel)) return undefined;
    try {
      return await fn();
    } catch (e) {
      const permission = CHANNEL_PERMISSION[channel];
      if (isPermissionDenied(e)) {
        this.disabled.add(channel);
        if (!this.warned.has(permission)) {
          this.warned.add(permission);
          this.log.warning(
            `Bulkhead could not ${what} (${describe(e)}): the token lacks '${permission}'. ` +
              `Add 'permissions: ${permission}' to the job; on fork and Dependabot pull requests the ` +
              `token is read-only, and the findings are in the annotations, the job summary and SARIF instead.`,
          );
        }
      } else {
        this.failures.push({ channel, message: describe(e) });
        this.log.warning(`Bulkhead could not ${what} (${describe(e)}); the ${channel} is incomplete.`);
      }
      return undefined;
    }
  }
}
