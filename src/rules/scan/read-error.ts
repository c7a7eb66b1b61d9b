import { defineEngineRule } from '../../core/index.js';

export const rule = defineEngineRule({
  id: 'scan/read-error',
  kind: 'scan',
  severity: 'high',
  title: 'File could not be read',
  description:
    'A file or directory could not be read (permissions, a race with another process, two names that are the same once decoded as UTF-8), so nothing in it was checked. A file the gate could not check blocks, rather than passing silently. Lower it only on purpose: `rules: { scan/read-error: low }`.',
  fix: 'Make the file readable in the checkout (permissions, a unique UTF-8 name).',
  examples: { bad: 'Dockerfile (mode 000)', good: 'Dockerfile (readable)', language: 'text' },
});

export function message(path: string, error: string): string {
  return `Could not read '${path}': ${error}.`;
}
