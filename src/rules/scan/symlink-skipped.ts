import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'scan/symlink-skipped',
  kind: 'scan',
  severity: 'info',
  title: 'Symbolic link not followed',
  description:
    'Bulkhead never follows symbolic links, so a link cannot make it read files outside the workspace. A link that is named like a Dockerfile, lockfile or workflow, or that points at a directory, is listed so a reviewer knows its target was not checked here.',
  fix: 'Commit the file itself instead of a link, or scan the link target directly.',
  examples: {
    bad: 'Dockerfile -> ../../other/Dockerfile',
    good: 'Dockerfile (a regular file)',
    language: 'text',
  },
});

/** `detail` says where the link points, or why that could not be read. */
export function message(path: string, detail: string): string {
  return `Symbolic link '${path}' was not followed (${detail}); its target was not checked.`;
}
