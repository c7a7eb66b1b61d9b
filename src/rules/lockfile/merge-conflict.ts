import { defineRule, hit, spanAt, type Hit } from '../../core/index.js';
import { LineIndex } from '../../formats/position.js';

export const rule = defineRule({
  id: 'lockfile/merge-conflict',
  kind: 'lockfile',
  appliesTo: 'lockfile',
  severity: 'high',
  title: 'Merge-conflict markers in a lockfile',
  description:
    'A lockfile with `<<<<<<<`/`=======`/`>>>>>>>` markers was committed mid-merge. Package managers resolve such files in their own way (npm and Yarn silently pick or merge sides), so what gets installed is not what either branch reviewed, and entries inside the conflict may be checked only partly.',
  fix: "Resolve the conflict by regenerating the lockfile: check out one side, run the package manager's install, and commit the result.",
  examples: {
    bad: '<<<<<<< HEAD\n    "node_modules/ms": { "version": "2.1.2" }\n=======\n    "node_modules/ms": { "version": "2.1.3" }\n>>>>>>> feature',
    good: '    "node_modules/ms": { "version": "2.1.3" }',
    language: 'text',
    path: 'package-lock.json',
  },
  check(model) {
    const hits: Hit[] = [];
    const markers = model.conflictMarkers;
    if (markers.length === 0) return hits;
    const index = new LineIndex(model.text);
    const lineText = (line: number): string => index.line(line).slice(0, 200);
    // One finding per conflict: at each opening marker (or, if the parser reports only other
    // markers, at the first of them).
    let open = false;
    for (const m of [...markers].sort((a, b) => a.line - b.line)) {
      const text = lineText(m.line).trimEnd();
      const opening = text.startsWith('<<<<<<<');
      if (!opening && open) {
        if (text.startsWith('>>>>>>>')) open = false;
        continue;
      }
      open = !text.startsWith('>>>>>>>');
      hits.push(
        hit(
          spanAt(m, Math.max(7, Math.min(text.length, 200))),
          `Merge-conflict marker '${text.slice(0, 60)}' in the lockfile: it was committed mid-merge, so what installs is neither side as reviewed.`,
          // Evidence without the line number; the counter in the fingerprint separates repeats.
          { evidence: text.slice(0, 7) },
        ),
      );
    }
    return hits;
  },
});
