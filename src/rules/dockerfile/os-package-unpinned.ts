import { fieldEvidence } from '../../formats/dockerfile/shell/positions.js';
import { osPackages, type Tool } from '../../refs/package-commands.js';
import { packageLabel } from '../../refs/packages.js';
import { defineRule, hit, type Hit } from '../../core/index.js';
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
    'An `apt-get install curl` gets whatever build the mirror serves that day, so two builds of the same commit can contain different code, and a compromised or rolled-back mirror goes unnoticed. A version makes the change visible in review. Distributions delete superseded builds, so pinned installs break over time: the default severity is low, and a base image pinned by digest plus a snapshot mirror is the stronger fix.',
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
      for (const { word, spec, fromVariable } of packages) {
        if (spec.kind !== 'registry' || spec.grade !== 'unpinned' || !spec.name) continue;
        const name = spec.name;
        const suite = spec.raw.includes('/') ? ` ('${spec.raw}' selects a release, not a version)` : '';
        hits.push(
          hit(
            word,
            `\`${manager}\` installs '${name}' without a version${suite}: each build takes whatever the mirror serves that day.`,
            {
              scopeLine: step.scopeLine,
              fix: `Pin a version: ${PIN_FORM[inv.tool]!(name)} (a wildcard like ${PIN_FORM[inv.tool]!(name).replace('<version>', '1.2.*')} also counts), or install from a snapshot repository.`,
              package: packageLabel(spec),
              evidence: fieldEvidence(spec.raw, word, fromVariable),
            },
          ),
        );
      }
    }
    return hits;
  },
});
