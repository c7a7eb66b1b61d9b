import type { DockerFlag, DockerInstruction } from '../../formats/dockerfile/model.js';
import type { ShellCommand, ShellWord } from '../../formats/dockerfile/shell/model.js';
import { downloadOf, isLoopbackUrl } from '../../formats/dockerfile/shell/downloads.js';
import { runScripts } from '../../formats/dockerfile/shell/walk.js';
import { defineRule, hit, type Hit } from '../../core/index.js';

const ALWAYS = new Set([
  'curl',
  'wget',
  'aria2c',
  'iwr',
  'invoke-webrequest',
  'invoke-restmethod',
  'irm',
  'start-bitstransfer',
  'npx',
  'mvn',
  'gradle',
  'gradlew',
  'sbt',
  'ant',
]);

/** Sub-commands (first non-flag argument) that fetch from the network, per tool. */
const FETCHING: Record<string, string[]> = {
  git: ['clone', 'fetch', 'pull', 'submodule', 'ls-remote'],
  'apt-get': ['install', 'update', 'upgrade', 'dist-upgrade', 'download', 'source', 'build-dep'],
  apt: ['install', 'update', 'upgrade', 'full-upgrade', 'dist-upgrade'],
  apk: ['add', 'update', 'upgrade', 'fetch'],
  yum: ['install', 'update', 'upgrade', 'makecache', 'groupinstall', 'reinstall', 'downgrade'],
  dnf: ['install', 'update', 'upgrade', 'makecache', 'groupinstall', 'reinstall', 'downgrade', 'builddep'],
  microdnf: ['install', 'update', 'upgrade', 'makecache', 'reinstall'],
  tdnf: ['install', 'update', 'upgrade', 'makecache'],
  zypper: ['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'refresh', 'ref'],
  pip: ['install', 'download', 'wheel'],
  pip3: ['install', 'download', 'wheel'],
  pipx: ['install', 'run'],
  uv: ['pip', 'sync', 'add', 'tool', 'run'],
  poetry: ['install', 'add', 'update', 'lock'],
  npm: ['install', 'i', 'ci', 'add', 'update', 'exec'],
  yarn: ['install', 'add', 'global', 'upgrade', 'dlx', ''],
  pnpm: ['install', 'i', 'add', 'update', 'dlx', 'fetch'],
  bun: ['install', 'add', 'x'],
  gem: ['install', 'update', 'fetch'],
  bundle: ['install', 'update', ''],
  go: ['get', 'install', 'mod', 'build', 'run'],
  cargo: ['install', 'fetch', 'build', 'update'],
  composer: ['install', 'require', 'update', 'create-project'],
  conda: ['install', 'create', 'update'],
  mamba: ['install', 'create', 'update'],
  dotnet: ['restore', 'add', 'tool', 'build', 'publish'],
  nuget: ['install', 'restore'],
  choco: ['install', 'upgrade'],
};

function text(w: ShellWord): string {
  return w.value ?? w.partial;
}

/** The first command of a RUN that fetches from the network, if any. */
export function downloadCommand(commands: readonly ShellCommand[]): ShellCommand | undefined {
  for (const cmd of commands) {
    const base = cmd.base.toLowerCase().replace(/\.exe$/, '');
    if (base === 'curl' || base === 'wget' || base === 'aria2c') {
      // A request to a service on the build host itself is what host networking is for.
      const dl = downloadOf(cmd);
      if (dl && !(dl.urls.length > 0 && dl.urls.every((u) => isLoopbackUrl(u.partial)))) return cmd;
      continue;
    }
    if (ALWAYS.has(base)) return cmd;
    let subs = FETCHING[base];
    if (!subs && /^pip3(\.\d+)?$/.test(base)) subs = FETCHING.pip;
    if (!subs && /^python3?(\.\d+)?$/.test(base)) {
      const a = cmd.args.map(text);
      if (a[0] === '-m' && (a[1] === 'pip' || a[1] === 'ensurepip'))
        return a[1] === 'pip' && a[2] === 'install' ? cmd : undefined;
      continue;
    }
    if (!subs) continue;
    const first = cmd.args.map(text).find((x) => !x.startsWith('-')) ?? '';
    if (subs.includes(first)) return cmd;
  }
  return undefined;
}

function flagValue(f: DockerFlag): string {
  return (f.value ?? '').trim().toLowerCase();
}

function check(inst: DockerInstruction, owner: DockerInstruction): Hit[] {
  const hits: Hit[] = [];
  for (const f of inst.flags) {
    const name = f.name.toLowerCase();
    const scopeLine = owner.span.line;
    if (name === 'security' && flagValue(f) === 'insecure') {
      hits.push(
        hit(
          f.span,
          '`RUN --security=insecure` runs the step with all capabilities and no seccomp/AppArmor confinement, so anything it executes can act on the build host.',
          {
            evidence: `--security=${f.value ?? ''}`,
            fix: 'Drop `--security=insecure`; if a step really needs privileges, isolate it in a dedicated builder and allow the `security.insecure` entitlement only there.',
            scopeLine,
          },
        ),
      );
    }
    if (name === 'network' && flagValue(f) === 'host') {
      const script = inst.shell;
      if (!script) continue;
      const dl = downloadCommand(script.commands);
      if (!dl) continue;
      hits.push(
        hit(
          f.span,
          `\`RUN --network=host\` gives a step that downloads (\`${dl.base}\` on line ${dl.nameWord.line}) the build host's network: fetched code can reach services bound to the host, such as cloud metadata endpoints and local daemons.`,
          {
            evidence: `--network=${f.value ?? ''}`,
            fix: 'Remove `--network=host` (the default network can download), or fetch with the default network in one step and run the host-network part without downloads.',
            scopeLine,
          },
        ),
      );
    }
  }
  return hits;
}

export const rule = defineRule({
  id: 'dockerfile/insecure-build-flags',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'medium',
  title: 'RUN with insecure build entitlements',
  description:
    "`RUN --security=insecure` lifts the sandbox of a build step (all capabilities, no seccomp), and `RUN --network=host` puts it on the build machine's network. Combined with code fetched from the internet, a compromised download can then attack the build host, its credentials and the services it can reach, instead of staying inside a throw-away container.",
  fix: 'Remove `--security=insecure` and `--network=host` from steps that run downloaded code; keep any step that truly needs them free of downloads.',
  examples: {
    bad: 'RUN --security=insecure ./configure && make\nRUN --network=host curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz',
    good: 'RUN ./configure && make\nRUN --network=host ./run-integration-tests.sh\nRUN --network=none make test',
    language: 'dockerfile',
  },
  references: [
    'https://docs.docker.com/reference/dockerfile/#run---security',
    'https://docs.docker.com/reference/dockerfile/#run---network',
  ],
  check(model) {
    const hits: Hit[] = [];
    for (const run of runScripts(model)) hits.push(...check(run.inst, run.owner));
    return hits;
  },
});
