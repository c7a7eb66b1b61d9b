import { osPackages, type Tool } from '../../refs/package-commands.js';
import { packageLabel } from '../../refs/packages.js';
import { defineRule, hit, spanFromTo, spanOf, type Hit, type Related } from '../../core/index.js';
import { runSteps, stepCommands } from './package-util.js';

const PIN_FORM: Partial<Record<Tool, (name: string) => string>> = {
  apt: (n) => `${n}=<version>`,
  apk: (n) => `${n}=<version>`,
  rpm: (n) => `${n}-<version>`,
  zypper: (n) => `${n}=<version>`,
};

export const rule = defineRule({
  id: 'dockerfile/os-package-unpinned',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'low',
  title: 'OS package installed without a version',
  description:
    'One finding per install command, at the command, naming every package it installs without a version (each package word is a related span; packages from one `$VAR` share its span). An `apt-get install curl` gets whatever build the mirror serves that day, so two builds of the same commit can contain different code, and a compromised or rolled-back mirror goes unnoticed. A version makes the change visible in review. Distributions delete superseded builds, so pinned installs break over time: the default severity is low, and a base image pinned by digest plus a snapshot mirror is the stronger fix.',
  fix: 'Give each package a version (`curl=8.5.0-2ubuntu10.6`, `apk add curl=8.12.1-r0`, `dnf install curl-8.6.0`); a wildcard such as `curl=8.5.*` also counts. Better still, pin the base image by digest and install from a dated snapshot repository (snapshot.debian.org, snapshot.ubuntu.com).',
  examples: {
    bad: 'RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates',
    good: 'RUN apt-get update && apt-get install -y --no-install-recommends \\\n    curl=8.5.0-2ubuntu10.6 ca-certificates=20240203',
    language: 'dockerfile',
  },
  references: [
    'https://github.com/hadolint/hadolint/wiki/DL3008',
    'https://github.com/hadolint/hadolint/issues/464',
    'https://snapshot.debian.org/',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const { step, inv } of stepCommands(runSteps(model))) {
      const packages = osPackages(inv);
      if (!packages) continue;
      const manager = inv.tool === 'rpm' || inv.tool === 'apt' ? (inv.toolWord.value ?? inv.tool) : inv.tool;
      // One finding per install command (what one edit fixes), at the command; each package word is
      // a related span, and packages that came from one `$VAR` share its span and one label.
      const names: string[] = [];
      const related = new Map<string, Related>();
      let only: ReturnType<typeof packageLabel> | undefined;
      for (const { word, spec, fromVariable } of packages) {
        if (spec.kind !== 'registry' || spec.grade !== 'unpinned' || !spec.name) continue;
        names.push(spec.raw);
        only = names.length === 1 ? packageLabel(spec) : undefined;
        const key = `${word.line}:${word.column}:${word.endLine}:${word.endColumn}`;
        const prev = related.get(key);
        if (prev) prev.label = `${prev.label}, ${spec.raw}`;
        else
          related.set(key, {
            span: spanOf(word),
            label: fromVariable || word.raw !== spec.raw ? `${word.raw}: ${spec.raw}` : spec.raw,
          });
      }
      if (names.length === 0) continue;
      const unique = [...new Set(names)];
      const shown = unique
        .slice(0, MAX_NAMED)
        .map((n) => `'${n}'`)
        .join(', ');
      const more = unique.length > MAX_NAMED ? ` and ${unique.length - MAX_NAMED} more` : '';
      const suites = unique.filter((n) => n.includes('/'));
      const suite = suites.length > 0 ? ` ('${suites[0]}' selects a release, not a version)` : '';
      const first = unique[0]!.replace(/\/.*$/, '');
      const pin = PIN_FORM[inv.tool]!(first);
      hits.push(
        hit(
          spanFromTo(inv.toolWord, inv.subWord),
          unique.length === 1
            ? `\`${manager}\` installs ${shown} without a version${suite}: each build takes whatever the mirror serves that day.`
            : `\`${manager}\` installs ${unique.length} packages without a version (${shown}${more})${suite}: each build takes whatever the mirror serves that day.`,
          {
            scopeLine: step.scopeLine,
            fix: `Pin a version for each: ${pin} (a wildcard like ${pin.replace('<version>', '1.2.*')} also counts), or install from a snapshot repository.`,
            ...(only ? { package: only } : {}),
            // What the group covers: one more unpinned package in the command is a new finding.
            evidence: `${manager} ${[...unique].sort().join(' ')}`,
            related: [...related.values()].slice(0, MAX_RELATED),
          },
        ),
      );
    }
    return hits;
  },
});

/** Package names quoted in a message, and related spans kept, at most. */
const MAX_NAMED = 8;
const MAX_RELATED = 50;
