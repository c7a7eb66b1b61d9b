import { realpath } from 'node:fs/promises';
import { join } from 'node:path';

/** A repo-relative path that cannot climb out of the directory it is joined to. */
export function safeRelPath(p: string): boolean {
  if (p === '' || p.startsWith('/') || p.includes('\0') || p.includes('\\')) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/** True when `rel` inside `workspace` exists and neither it nor a directory on the way is a link. */
export async function noLinkOnTheWay(workspace: string, rel: string): Promise<boolean> {
  try {
    const abs = join(workspace, rel);
    return (await realpath(abs)) === join(await realpath(workspace), rel);
  } catch {
    return false;
  }
}
