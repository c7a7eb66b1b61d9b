import { defineRule, hit, type Hit } from '../../core/index.js';
import type { Related } from '../../core/span.js';
import type { WfMap, WfNode, WfScalar } from '../../formats/workflow/model.js';

const KEY = 'insecure-external-code-execution';

function scalar(n: WfNode | undefined): WfScalar | undefined {
  return n?.type === 'scalar' ? n : undefined;
}

export const rule = defineRule({
  id: 'workflow/dependabot-insecure-execution',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: 'Dependabot allowed to run code from the manifests it updates',
  description: [
    "`insecure-external-code-execution: allow` in `.github/dependabot.yml` (or `.yaml`) lets Dependabot run code from the repository's manifests and their dependencies while it resolves an update (a `setup.py`, a Gemfile's Ruby, a `mix.exs`: the bundler, mix and pip ecosystems). That code runs inside Dependabot's updater with the credentials of every private registry the update entry may use (`registries:`), so one malicious or compromised dependency can read them; the default, `deny`, makes the update fail instead.",
    "One finding per setting, on its value, with the ecosystem and the registries it exposes as related places. A value shared through a YAML anchor (`<<: *defaults`) is one setting: it is reported once, at the anchor, with every update entry that uses it as a related place. Dependabot's config is read by the workflow parser (same YAML limits, duplicate keys refused): a file that cannot be read is a `workflow/parse-error`, never a silent pass. Only `updates:` entries are read; a file whose `updates` is not a list is one GitHub refuses, so nothing in it runs.",
  ].join('\n\n'),
  fix: 'Remove the setting (or set it to `deny`); if an update really needs to run code, vendor or pre-build what it runs, or do that update in a CI job without registry credentials.',
  examples: {
    bad: 'version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly\n    insecure-external-code-execution: allow',
    good: 'version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly',
    language: 'yaml',
    path: '.github/dependabot.yml',
  },
  references: [
    'https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference',
  ],
  check(model) {
    if (model.type !== 'dependabot' || !model.root) return [];
    const updates = model.root.get('updates')?.value;
    if (updates?.type !== 'seq') return [];
    // One setting can reach several entries through an anchor: group by the value node.
    const bySetting = new Map<WfScalar, { keySpan: WfMap['span']; entries: WfMap[] }>();
    for (const item of updates.items) {
      if (item.type !== 'map') continue;
      const e = item.get(KEY);
      const v = scalar(e?.value);
      if (!e || !v || v.value.trim().toLowerCase() !== 'allow') continue;
      const group = bySetting.get(v) ?? { keySpan: e.keySpan, entries: [] };
      group.entries.push(item);
      bySetting.set(v, group);
    }
    const hits: Hit[] = [];
    for (const [v, g] of bySetting) {
      const related: Related[] = [];
      const ecosystems: string[] = [];
      for (const entry of g.entries) {
        const eco = scalar(entry.get('package-ecosystem')?.value);
        if (eco) {
          ecosystems.push(eco.value);
          related.push({ span: eco.span, label: `package-ecosystem: ${eco.value.slice(0, 40)}` });
        }
        const reg = entry.get('registries');
        if (reg) related.push({ span: reg.keySpan, label: 'registries whose credentials the code can read' });
      }
      const which = ecosystems.length > 0 ? ` (${[...new Set(ecosystems)].join(', ')})` : '';
      const shared = g.entries.length > 1 ? `, shared by ${g.entries.length} update entries,` : '';
      hits.push(
        hit(
          v.spanOf(0, v.value.length),
          `${KEY}: allow${shared} lets Dependabot run code from the manifests and dependencies it updates${which}, with the credentials of the private registries the updates use.`,
          {
            evidence: `${KEY}: ${v.value}`,
            fix: `Delete '${KEY}: allow' (the default is deny), or run this update in a job without registry credentials.`,
            scopeLine: g.keySpan.line,
            ...(related.length > 0 ? { related } : {}),
          },
        ),
      );
    }
    return hits;
  },
});
