import { hasFlag, osPackages, type Invocation, type Tool } from '../../refs/package-commands.js';
import { packageLabel } from '../../refs/packages.js';
import { defineRule, hit, spanFromTo, spanOf, type Hit, type Related } from '../../core/index.js';
import { removedInSameRun } from './build-deps.js';
import { groupEvidence, groupPackages, memberLabel, nameList } from './package-group.js';
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
    'An `apt-get install curl` gets whatever build the mirror serves that day, so two builds of the same commit can contain different code, and a compromised or rolled-back mirror goes unnoticed. A version makes the change visible in review.\n\n' +
    '**Grouping.** One finding per install command, at the command words (`apt-get install`), naming every package it installs without a version, each package word a related span: one edit of the command fixes them all. Packages that come from a variable (`apt-get install $PHPIZE_DEPS`) are one finding at the expansion, with the ENV/ARG line (or shell assignment) that defines the variable as a related span, because that is where they are pinned. The evidence (and so the fingerprint) lists every package of the group, so with `report: new` a change that adds one more unpinned package to a command is reported as new.\n\n' +
    '**Not reported.** Build dependencies that the same RUN removes again never reach a layer of the image, so they are not reported: packages removed by name later in the RUN (`apt-get purge/remove X`, `apk del X`, `dnf remove X`, `zypper rm X`), an apk virtual package deleted again (`apk add --virtual .build-deps ...` then `apk del .build-deps`), and the Debian official-image idiom (`savedAptMark="$(apt-mark showmanual)"`, the install, `apt-mark auto \'.*\'`, `apt-mark manual $savedAptMark`, optionally `find ... ldd ... | xargs -r apt-mark manual`, then `apt-get purge -y --auto-remove`), which purges everything installed after the snapshot. In that idiom a package a later `apt-mark manual` names is kept and reported, and so is a shared-library package (`libatomic1`, `libssl3t64`) when an `ldd` scan may keep it. What such build tools produce reaches the image, but that output is fixed by the source it is built from (the download rules check that), and pinning `gcc` would not make it reproducible. Simulated installs (`apt-get install -s`, `apk add --simulate`, `dnf install --assumeno`, `zypper in --dry-run`) install nothing. Packages whose names or versions are only known at build time are not guessed.\n\n' +
    '**Severity: low.** On 650 public Dockerfiles (official images and large projects), 598 install commands put packages into the image and only 23 of them pin every package (29 of 417 files pin any): pinning is rare even in carefully maintained images, because distributions delete superseded builds and pinned installs break over time. The finding belongs in review, not in a failing build; a base image pinned by digest plus a dated snapshot mirror is the stronger fix.',
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
    for (const { step, cmd, inv } of stepCommands(runSteps(model))) {
      const packages = osPackages(inv);
      if (!packages || simulated(inv)) continue;
      const manager = inv.tool === 'rpm' || inv.tool === 'apt' ? (inv.toolWord.value ?? inv.tool) : inv.tool;
      const unpinned = packages.filter(
        ({ spec }) =>
          spec.kind === 'registry' &&
          spec.grade === 'unpinned' &&
          spec.name &&
          // Build dependencies the same RUN removes again never reach a layer.
          removedInSameRun(step.script, cmd, inv, spec) === undefined,
      );
      // One finding per install command (what one edit fixes), at the command, with each package
      // word as a related span; packages from a variable are one finding at the expansion, with
      // the variable's definition, where they are fixed.
      for (const group of groupPackages(model, step, cmd, spanFromTo(inv.toolWord, inv.subWord), unpinned)) {
        const names = [...new Set(group.members.map((m) => m.spec.raw))];
        const related: Related[] = [];
        if (group.variable) {
          if (group.variable.definition) related.push(group.variable.definition);
        } else {
          const byWord = new Map<string, Related>();
          for (const { word, spec, fromVariable } of group.members) {
            const key = `${word.line}:${word.column}:${word.endLine}:${word.endColumn}`;
            const prev = byWord.get(key);
            if (prev) prev.label = `${prev.label}, ${spec.raw}`;
            else
              byWord.set(key, {
                span: spanOf(word),
                label: fromVariable ? `${word.raw}: ${spec.raw}` : memberLabel(word, spec.raw),
              });
          }
          related.push(...byWord.values());
        }
        const suites = names.filter((n) => n.includes('/'));
        const suite = suites.length > 0 ? ` ('${suites[0]}' selects a release, not a version)` : '';
        const from = group.variable ? ` from \`${group.variable.raw}\`` : '';
        const first = names[0]!.split('/', 1)[0]!;
        const pin = PIN_FORM[inv.tool]!(first);
        const where = group.variable ? ` where ${group.variable.name} is defined` : '';
        hits.push(
          hit(
            group.span,
            names.length === 1
              ? `\`${manager}\` installs '${names[0]}'${from} without a version${suite}: each build takes whatever the mirror serves that day.`
              : `\`${manager}\` installs ${names.length} packages${from} without a version (${nameList(names, MAX_NAMED)})${suite}: each build takes whatever the mirror serves that day.`,
            {
              scopeLine: step.scopeLine,
              fix: `Pin a version for each${where}: ${pin} (a wildcard like ${pin.replace('<version>', '1.2.*')} also counts), or install from a snapshot repository.`,
              ...(names.length === 1 ? { package: packageLabel(group.members[0]!.spec) } : {}),
              // What the group covers: one more unpinned package in the command is a new finding.
              evidence: groupEvidence(manager, names, group.variable),
              related: related.slice(0, MAX_RELATED),
            },
          ),
        );
      }
    }
    return hits;
  },
});

/** `apt-get install -s` and the like resolve and print, but install nothing. */
function simulated(inv: Invocation): boolean {
  switch (inv.tool) {
    case 'apt':
      return hasFlag(inv, '-s', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act');
    case 'apk':
      return hasFlag(inv, '-s', '--simulate');
    case 'rpm':
      return hasFlag(inv, '--assumeno');
    case 'zypper':
      // Not `-D`: before the subcommand it is `--reposd-dir <dir>`.
      return hasFlag(inv, '--dry-run');
    default:
      return false;
  }
}

/** Package names quoted in a message, and related spans kept, at most. */
const MAX_NAMED = 8;
const MAX_RELATED = 50;
