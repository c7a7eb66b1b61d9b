/**
 * Variables while a RUN script is read: the Dockerfile's ARG/ENV scope underneath, the script's
 * own assignments on top, and the file's budget of expanded characters.
 */
import type { VarScope } from '../variables.js';

/**
 * The script's variables. The Dockerfile scope is shared, never copied (thousands of RUNs under
 * thousands of ENV made copies quadratic); a nested script (`sh -c '...'`) rolls its assignments
 * back from an undo log instead of saving and restoring a copy of everything.
 */
export class ScriptVars implements VarScope {
  private readonly local = new Map<string, string | undefined>();
  private readonly undo: { name: string; had: boolean; value: string | undefined }[] = [];

  constructor(private readonly base: VarScope) {}

  get(name: string): string | undefined {
    return this.local.has(name) ? this.local.get(name) : this.base.get(name);
  }

  has(name: string): boolean {
    return this.local.has(name) || this.base.has(name);
  }

  set(name: string, value: string | undefined): void {
    this.undo.push({ name, had: this.local.has(name), value: this.local.get(name) });
    this.local.set(name, value);
  }

  /** A point to roll back to. */
  mark(): number {
    return this.undo.length;
  }

  /** Forgets every assignment made since `mark`. */
  rollback(mark: number): void {
    while (this.undo.length > mark) {
      const u = this.undo.pop()!;
      if (u.had) this.local.set(u.name, u.value);
      else this.local.delete(u.name);
    }
  }
}

/**
 * Characters that variable expansion may add to the shell words of one Dockerfile, all RUNs
 * together. Each value is already capped at MAX_EXPANSION (64 KiB); this bounds their sum, so 2,000
 * uses of one 60,000-character ARG cost 1 MiB of words, not 120 MB of text and gigabytes of
 * position maps. Past it, expansions are unknown values.
 */
export const MAX_FILE_EXPANSION = 1 << 20;

export class ExpansionBudget {
  private left = MAX_FILE_EXPANSION;
  /** Set once, by the expansion that found the budget spent. */
  exhausted = false;

  /** Takes `n` characters from the budget; false (and nothing taken) when they do not fit. */
  take(n: number): boolean {
    if (n <= this.left) {
      this.left -= n;
      return true;
    }
    this.left = 0;
    return false;
  }
}
