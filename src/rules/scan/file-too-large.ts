import { defineEngineRule, type FileKind } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'scan/file-too-large',
  kind: 'scan',
  severity: 'high',
  title: 'File too large to check',
  description:
    'A file over the size cap for its kind (1 MiB for Dockerfiles, workflows and config, 4 MiB for manifests, 64 MiB for lockfiles) is not parsed, so nothing in it was checked. Padding a file past the cap is a way to hide an entry from the gate, so this is a blocking finding. Lower it only on purpose: `rules: { scan/file-too-large: low }` in .bulkhead.yml.',
  fix: 'Split the file or remove the padding; if the file is genuinely this large, exclude it with `paths.exclude` or lower the rule explicitly with `rules: { scan/file-too-large: low }`.',
  examples: { bad: 'package-lock.json (80 MB)', good: 'package-lock.json (2 MB)', language: 'text' },
});

export function message(path: string, bytes: number, cap: number, kind: FileKind): string {
  return `'${path}' is ${formatBytes(bytes)}, over the ${formatBytes(cap)} cap for ${kind} files; it was not checked.`;
}

function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
