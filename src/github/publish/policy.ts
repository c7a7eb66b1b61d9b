import type { Publisher, PublishContext } from './types.js';

interface HttpError {
  status?: unknown;
  message?: unknown;
}

/** A failed step of a channel, naming what was being done ("create the check run"). */
export class StepError extends Error {
  constructor(
    readonly what: string,
    override readonly cause: unknown,
  ) {
    super(`could not ${what}: ${describeError(cause)}`);
  }
}

/** Runs one request or write of a channel so that a failure says what it was doing. */
export async function step<T>(what: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof StepError ? e : new StepError(what, e);
  }
}

function rootCause(e: unknown): unknown {
  return e instanceof StepError ? e.cause : e;
}

function statusOf(e: unknown): number | undefined {
  const s = (rootCause(e) as HttpError | undefined)?.status;
  return typeof s === 'number' ? s : undefined;
}

/**
 * GitHub said no for want of permission: a read-only token (fork and Dependabot pull requests), a
 * missing job permission, or a resource the token cannot see (404). A 403 for a rate limit is not
 * a refusal: the client has already waited and retried those.
 */
export function isRefused(e: unknown): boolean {
  const status = statusOf(e);
  if (status === 404) return true;
  if (status !== 403) return false;
  const message = (rootCause(e) as HttpError).message;
  return !/rate limit/i.test(typeof message === 'string' ? message : '');
}

/** One line: `HTTP 403: Resource not accessible by integration`, or the error's message. */
export function describeError(e: unknown): string {
  const err = rootCause(e) as HttpError | undefined;
  const raw = typeof err?.message === 'string' ? err.message : String(err);
  const msg = raw.split('\n')[0]!.slice(0, 300);
  const status = statusOf(e);
  return status !== undefined ? `HTTP ${status}: ${msg}` : msg;
}

export function wasRefused(ctx: PublishContext, channel: string): boolean {
  return ctx.outcomes.some((o) => o.channel === channel && o.refused);
}

/**
 * The one error policy for every channel. A refusal is logged once per channel as a warning naming
 * the permission, and the channel is skipped from then on; any other failure is logged (a warning
 * for an HTTP error the client already retried, an error for anything else) and recorded for the
 * job summary. Neither stops the other channels, and neither changes the step's result: that
 * follows the findings and the threshold alone.
 */
export async function attempt(
  channel: Pick<Publisher, 'name' | 'permission'>,
  ctx: PublishContext,
  fn: () => Promise<void>,
): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const what = e instanceof StepError ? e.what : `publish the ${channel.name}`;
    const why = describeError(e);
    if (isRefused(e)) {
      if (wasRefused(ctx, channel.name)) return;
      ctx.outcomes.push({
        channel: channel.name,
        refused: true,
        ...(channel.permission ? { permission: channel.permission } : {}),
        message: why,
      });
      ctx.log.warning(
        channel.permission
          ? `Bulkhead could not ${what} (${why}): the token lacks '${channel.permission}'. ` +
              `Add 'permissions: ${channel.permission}' to the job; on fork and Dependabot pull requests the ` +
              `token is read-only, and the findings are in the annotations, the job summary and SARIF instead.`
          : `Bulkhead could not ${what} (${why}); the other channels carry every finding.`,
      );
      return;
    }
    ctx.outcomes.push({ channel: channel.name, refused: false, message: why });
    const line = `Bulkhead could not ${what} (${why}); the ${channel.name} is incomplete, the other channels carry every finding.`;
    if (statusOf(e) !== undefined) {
      ctx.log.warning(line);
    } else {
      ctx.log.error(line);
      const cause = rootCause(e);
      if (cause instanceof Error && cause.stack) ctx.log.debug(cause.stack);
    }
  }
}
