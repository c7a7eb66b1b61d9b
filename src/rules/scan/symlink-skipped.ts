import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'scan/symlink-skipped',
  kind: 'scan',
  severity: 'high',
  title: 'Symbolic link not checked',
  description:
    "Bulkhead never reads through a symbolic link that leads out of the workspace. A link named like a Dockerfile, lockfile or workflow whose target is a regular file inside the workspace is checked under the link's name; a link that points outside the workspace, dangles, or points at a directory cannot be checked, and is a blocking finding so that a link cannot carry content past the gate. Lower it only on purpose, in .bulkhead.yml: `rules: { scan/symlink-skipped: low }`.",
  fix: 'Commit the file itself instead of a link, or a link to a file inside the repository. If such links are expected here, lower the rule explicitly with `rules: { scan/symlink-skipped: low }` in .bulkhead.yml.',
  examples: {
    bad: 'Dockerfile -> ../../other/Dockerfile',
    good: 'Dockerfile (a regular file)',
    language: 'text',
  },
});

/** `detail` says why the link was not checked (where it points, or that it dangles). */
export function message(path: string, detail: string): string {
  return `Symbolic link '${path}' was not checked (${detail}); what it points at may hold anything.`;
}
