/**
 * What each hostile case must produce (exit code; every finding as `rule path line:column severity`).
 * Recorded from a run and reviewed case by case (see docs/hostile.md); when a change moves one,
 * review the difference before accepting it: `node scripts/run-ts.mjs __tests__/hostile/record.ts`.
 */
export const EXPECTED: Record<string, { exit: number; findings: string[] }> = {
  'package-lock.json: valid': { exit: 0, findings: [] },
  'package-lock.json: a NUL byte': {
    exit: 1,
    findings: [
      'lockfile/parse-error package-lock.json 2:9 high',
      'scan/binary-skipped package-lock.json 2:9 high',
    ],
  },
  'package-lock.json: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large package-lock.json 1:1 high'],
  },
  'package-lock.json: BOM and CRLF line ends': { exit: 0, findings: [] },
  'package-lock.json: invalid UTF-8': {
    exit: 1,
    findings: ['lockfile/parse-error package-lock.json 21:1 high'],
  },
  'package-lock.json: cut in the middle of a structure': {
    exit: 1,
    findings: ['lockfile/parse-error package-lock.json 11:19 high'],
  },
  'package-lock.json: nested 50,000 deep': { exit: 0, findings: [] },
  'Pipfile.lock: valid': { exit: 0, findings: [] },
  'Pipfile.lock: a NUL byte': {
    exit: 1,
    findings: ['scan/binary-skipped Pipfile.lock 1:11 high', 'lockfile/parse-error Pipfile.lock 2:1 high'],
  },
  'Pipfile.lock: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large Pipfile.lock 1:1 high'],
  },
  'Pipfile.lock: BOM and CRLF line ends': { exit: 0, findings: [] },
  'Pipfile.lock: invalid UTF-8': { exit: 1, findings: ['lockfile/parse-error Pipfile.lock 2:1 high'] },
  'Pipfile.lock: cut in the middle of a structure': {
    exit: 1,
    findings: ['lockfile/parse-error Pipfile.lock 1:20 high'],
  },
  'Pipfile.lock: nested 50,000 deep': { exit: 0, findings: [] },
  'composer.lock: valid': { exit: 0, findings: [] },
  'composer.lock: a NUL byte': {
    exit: 1,
    findings: ['lockfile/parse-error composer.lock 1:11 high', 'scan/binary-skipped composer.lock 1:11 high'],
  },
  'composer.lock: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large composer.lock 1:1 high'],
  },
  'composer.lock: BOM and CRLF line ends': { exit: 0, findings: [] },
  'composer.lock: invalid UTF-8': { exit: 1, findings: ['lockfile/parse-error composer.lock 2:1 high'] },
  'composer.lock: cut in the middle of a structure': {
    exit: 1,
    findings: ['lockfile/parse-error composer.lock 1:24 high'],
  },
  'composer.lock: nested 50,000 deep': { exit: 0, findings: [] },
  'bun.lock: valid': { exit: 0, findings: [] },
  'bun.lock: a NUL byte': {
    exit: 1,
    findings: ['lockfile/parse-error bun.lock 2:9 high', 'scan/binary-skipped bun.lock 2:9 high'],
  },
  'bun.lock: one byte over its size cap': { exit: 1, findings: ['scan/file-too-large bun.lock 1:1 high'] },
  'bun.lock: BOM and CRLF line ends': { exit: 0, findings: [] },
  'bun.lock: invalid UTF-8': { exit: 1, findings: ['lockfile/parse-error bun.lock 8:1 high'] },
  'bun.lock: cut in the middle of a structure': {
    exit: 1,
    findings: ['lockfile/parse-error bun.lock 4:16 high'],
  },
  'bun.lock: nested 50,000 deep': { exit: 0, findings: [] },
  'pnpm-lock.yaml: valid': { exit: 0, findings: [] },
  'pnpm-lock.yaml: a NUL byte': { exit: 1, findings: ['scan/binary-skipped pnpm-lock.yaml 1:11 high'] },
  'pnpm-lock.yaml: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large pnpm-lock.yaml 1:1 high'],
  },
  'pnpm-lock.yaml: BOM and CRLF line ends': { exit: 0, findings: [] },
  'pnpm-lock.yaml: invalid UTF-8': { exit: 1, findings: ['lockfile/parse-error pnpm-lock.yaml 16:1 high'] },
  'pnpm-lock.yaml: cut in the middle of a structure': {
    exit: 1,
    findings: ['lockfile/parse-error pnpm-lock.yaml 4:37 high'],
  },
  'pnpm-lock.yaml: nested 50,000 deep': {
    exit: 1,
    findings: ['lockfile/parse-error pnpm-lock.yaml 1:260 high'],
  },
  'pnpm-lock.yaml: billion-laughs aliases': {
    exit: 1,
    findings: ['lockfile/parse-error pnpm-lock.yaml 1:1 high'],
  },
  'yarn.lock: valid': { exit: 0, findings: [] },
  'yarn.lock: a NUL byte': {
    exit: 1,
    findings: ['lockfile/missing-integrity yarn.lock 1:1 medium', 'scan/binary-skipped yarn.lock 1:11 high'],
  },
  'yarn.lock: one byte over its size cap': { exit: 1, findings: ['scan/file-too-large yarn.lock 1:1 high'] },
  'yarn.lock: BOM and CRLF line ends': {
    exit: 0,
    findings: ['lockfile/missing-integrity yarn.lock 1:1 medium'],
  },
  'yarn.lock: invalid UTF-8': { exit: 1, findings: ['lockfile/parse-error yarn.lock 11:1 high'] },
  'yarn.lock: cut in the middle of a structure': {
    exit: 1,
    findings: ['lockfile/parse-error yarn.lock 5:12 high'],
  },
  'yarn.lock: nested 50,000 deep': { exit: 1, findings: ['lockfile/parse-error yarn.lock 3:1 high'] },
  'yarn.lock: billion-laughs aliases': { exit: 1, findings: ['lockfile/parse-error yarn.lock 1:1 high'] },
  'poetry.lock: valid': { exit: 0, findings: [] },
  'poetry.lock: a NUL byte': {
    exit: 1,
    findings: ['lockfile/parse-error poetry.lock 1:11 high', 'scan/binary-skipped poetry.lock 1:11 high'],
  },
  'poetry.lock: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large poetry.lock 1:1 high'],
  },
  'poetry.lock: BOM and CRLF line ends': { exit: 0, findings: [] },
  'poetry.lock: invalid UTF-8': { exit: 1, findings: ['lockfile/parse-error poetry.lock 15:1 high'] },
  'poetry.lock: cut in the middle of a structure': {
    exit: 1,
    findings: ['lockfile/parse-error poetry.lock 2:17 high'],
  },
  'poetry.lock: nested 50,000 deep': { exit: 1, findings: ['lockfile/parse-error poetry.lock 1:1005 high'] },
  'uv.lock: valid': { exit: 0, findings: [] },
  'uv.lock: a NUL byte': {
    exit: 1,
    findings: ['lockfile/parse-error uv.lock 1:11 high', 'scan/binary-skipped uv.lock 1:11 high'],
  },
  'uv.lock: one byte over its size cap': { exit: 1, findings: ['scan/file-too-large uv.lock 1:1 high'] },
  'uv.lock: BOM and CRLF line ends': { exit: 0, findings: [] },
  'uv.lock: invalid UTF-8': { exit: 1, findings: ['lockfile/parse-error uv.lock 9:1 high'] },
  'uv.lock: cut in the middle of a structure': {
    exit: 1,
    findings: ['lockfile/parse-error uv.lock 2:11 high'],
  },
  'uv.lock: nested 50,000 deep': { exit: 1, findings: ['lockfile/parse-error uv.lock 1:1005 high'] },
  'Cargo.lock: valid': { exit: 0, findings: [] },
  'Cargo.lock: a NUL byte': {
    exit: 1,
    findings: ['lockfile/parse-error Cargo.lock 1:11 high', 'scan/binary-skipped Cargo.lock 1:11 high'],
  },
  'Cargo.lock: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large Cargo.lock 1:1 high'],
  },
  'Cargo.lock: BOM and CRLF line ends': { exit: 0, findings: [] },
  'Cargo.lock: invalid UTF-8': { exit: 1, findings: ['lockfile/parse-error Cargo.lock 8:1 high'] },
  'Cargo.lock: cut in the middle of a structure': {
    exit: 1,
    findings: ['lockfile/parse-error Cargo.lock 4:14 high'],
  },
  'Cargo.lock: nested 50,000 deep': { exit: 1, findings: ['lockfile/parse-error Cargo.lock 1:1005 high'] },
  'bunfig.toml: valid': { exit: 0, findings: [] },
  'bunfig.toml: a NUL byte': {
    exit: 1,
    findings: ['config/parse-error bunfig.toml 2:1 high', 'scan/binary-skipped bunfig.toml 2:1 high'],
  },
  'bunfig.toml: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large bunfig.toml 1:1 high'],
  },
  'bunfig.toml: BOM and CRLF line ends': { exit: 0, findings: [] },
  'bunfig.toml: invalid UTF-8': { exit: 1, findings: ['config/parse-error bunfig.toml 3:1 high'] },
  'bunfig.toml: cut in the middle of a structure': {
    exit: 1,
    findings: ['config/parse-error bunfig.toml 1:9 high'],
  },
  'bunfig.toml: nested 50,000 deep': { exit: 1, findings: ['config/parse-error bunfig.toml 1:1005 high'] },
  '.yarnrc.yml: valid': { exit: 0, findings: [] },
  '.yarnrc.yml: a NUL byte': { exit: 1, findings: ['scan/binary-skipped .yarnrc.yml 1:11 high'] },
  '.yarnrc.yml: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large .yarnrc.yml 1:1 high'],
  },
  '.yarnrc.yml: BOM and CRLF line ends': { exit: 0, findings: [] },
  '.yarnrc.yml: invalid UTF-8': { exit: 1, findings: ['config/parse-error .yarnrc.yml 3:1 high'] },
  '.yarnrc.yml: cut in the middle of a structure': {
    exit: 1,
    findings: ['config/parse-error .yarnrc.yml 2:1 high'],
  },
  '.yarnrc.yml: nested 50,000 deep': { exit: 1, findings: ['config/parse-error .yarnrc.yml 1:260 high'] },
  '.yarnrc.yml: billion-laughs aliases': { exit: 1, findings: ['config/parse-error .yarnrc.yml 1:28 high'] },
  '.github/workflows/ci.yml: valid': { exit: 0, findings: [] },
  '.github/workflows/ci.yml: a NUL byte': {
    exit: 1,
    findings: [
      'workflow/excessive-permissions .github/workflows/ci.yml 1:1 medium',
      'scan/binary-skipped .github/workflows/ci.yml 2:2 high',
    ],
  },
  '.github/workflows/ci.yml: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large .github/workflows/ci.yml 1:1 high'],
  },
  '.github/workflows/ci.yml: BOM and CRLF line ends': { exit: 0, findings: [] },
  '.github/workflows/ci.yml: invalid UTF-8': {
    exit: 1,
    findings: ['workflow/parse-error .github/workflows/ci.yml 8:1 high'],
  },
  '.github/workflows/ci.yml: cut in the middle of a structure': {
    exit: 1,
    findings: ['workflow/parse-error .github/workflows/ci.yml 6:1 high'],
  },
  '.github/workflows/ci.yml: nested 50,000 deep': {
    exit: 1,
    findings: ['workflow/parse-error .github/workflows/ci.yml 2:260 high'],
  },
  '.github/workflows/ci.yml: billion-laughs aliases': {
    exit: 1,
    findings: ['workflow/parse-error .github/workflows/ci.yml 6:7 high'],
  },
  'action.yml: valid': { exit: 0, findings: [] },
  'action.yml: a NUL byte': { exit: 1, findings: ['scan/binary-skipped action.yml 2:3 high'] },
  'action.yml: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large action.yml 1:1 high'],
  },
  'action.yml: BOM and CRLF line ends': { exit: 0, findings: [] },
  'action.yml: invalid UTF-8': { exit: 1, findings: ['workflow/parse-error action.yml 8:1 high'] },
  'action.yml: cut in the middle of a structure': {
    exit: 1,
    findings: ['workflow/parse-error action.yml 4:1 high'],
  },
  'action.yml: nested 50,000 deep': { exit: 1, findings: ['workflow/parse-error action.yml 1:260 high'] },
  'action.yml: billion-laughs aliases': { exit: 1, findings: ['workflow/parse-error action.yml 6:7 high'] },
  '.github/dependabot.yml: valid': { exit: 0, findings: [] },
  '.github/dependabot.yml: a NUL byte': {
    exit: 1,
    findings: ['scan/binary-skipped .github/dependabot.yml 1:11 high'],
  },
  '.github/dependabot.yml: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large .github/dependabot.yml 1:1 high'],
  },
  '.github/dependabot.yml: BOM and CRLF line ends': { exit: 0, findings: [] },
  '.github/dependabot.yml: invalid UTF-8': {
    exit: 1,
    findings: ['workflow/parse-error .github/dependabot.yml 7:1 high'],
  },
  '.github/dependabot.yml: cut in the middle of a structure': {
    exit: 1,
    findings: ['workflow/parse-error .github/dependabot.yml 4:1 high'],
  },
  '.github/dependabot.yml: nested 50,000 deep': {
    exit: 1,
    findings: ['workflow/parse-error .github/dependabot.yml 1:260 high'],
  },
  '.github/dependabot.yml: billion-laughs aliases': {
    exit: 1,
    findings: ['workflow/parse-error .github/dependabot.yml 6:7 high'],
  },
  'Dockerfile: valid': { exit: 0, findings: [] },
  'Dockerfile: a NUL byte': { exit: 1, findings: ['scan/binary-skipped Dockerfile 1:11 high'] },
  'Dockerfile: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large Dockerfile 1:1 high'],
  },
  'Dockerfile: BOM and CRLF line ends': { exit: 0, findings: [] },
  'Dockerfile: invalid UTF-8': { exit: 1, findings: ['dockerfile/parse-error Dockerfile 3:1 high'] },
  'requirements.txt: valid': { exit: 0, findings: [] },
  'requirements.txt: a NUL byte': { exit: 1, findings: ['scan/binary-skipped requirements.txt 1:11 high'] },
  'requirements.txt: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large requirements.txt 1:1 high'],
  },
  'requirements.txt: BOM and CRLF line ends': { exit: 0, findings: [] },
  'requirements.txt: invalid UTF-8': {
    exit: 0,
    findings: ['lockfile/missing-integrity requirements.txt 2:1 medium'],
  },
  'go.sum: valid': { exit: 0, findings: [] },
  'go.sum: a NUL byte': { exit: 1, findings: ['scan/binary-skipped go.sum 1:11 high'] },
  'go.sum: one byte over its size cap': { exit: 1, findings: ['scan/file-too-large go.sum 1:1 high'] },
  'go.sum: BOM and CRLF line ends': { exit: 0, findings: [] },
  'go.sum: invalid UTF-8': { exit: 1, findings: ['lockfile/parse-error go.sum 2:1 high'] },
  'Gemfile.lock: valid': { exit: 0, findings: ['lockfile/missing-integrity Gemfile.lock 4:5 medium'] },
  'Gemfile.lock: a NUL byte': {
    exit: 1,
    findings: [
      'scan/binary-skipped Gemfile.lock 2:7 high',
      'lockfile/missing-integrity Gemfile.lock 4:5 medium',
    ],
  },
  'Gemfile.lock: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large Gemfile.lock 1:1 high'],
  },
  'Gemfile.lock: BOM and CRLF line ends': {
    exit: 0,
    findings: ['lockfile/missing-integrity Gemfile.lock 4:5 medium'],
  },
  'Gemfile.lock: invalid UTF-8': {
    exit: 0,
    findings: ['lockfile/missing-integrity Gemfile.lock 4:5 medium'],
  },
  'yarn-classic/yarn.lock: valid': { exit: 0, findings: [] },
  'yarn-classic/yarn.lock: a NUL byte': {
    exit: 1,
    findings: ['scan/binary-skipped yarn-classic/yarn.lock 1:11 high'],
  },
  'yarn-classic/yarn.lock: one byte over its size cap': {
    exit: 1,
    findings: ['scan/file-too-large yarn-classic/yarn.lock 1:1 high'],
  },
  'yarn-classic/yarn.lock: BOM and CRLF line ends': { exit: 0, findings: [] },
  'yarn-classic/yarn.lock: invalid UTF-8': {
    exit: 1,
    findings: ['lockfile/parse-error yarn-classic/yarn.lock 8:1 high'],
  },
  '.npmrc: valid': { exit: 0, findings: [] },
  '.npmrc: a NUL byte': { exit: 1, findings: ['scan/binary-skipped .npmrc 1:11 high'] },
  '.npmrc: one byte over its size cap': { exit: 1, findings: ['scan/file-too-large .npmrc 1:1 high'] },
  '.npmrc: BOM and CRLF line ends': { exit: 0, findings: [] },
  '.npmrc: invalid UTF-8': { exit: 0, findings: [] },
  '.yarnrc: valid': { exit: 0, findings: [] },
  '.yarnrc: a NUL byte': { exit: 1, findings: ['scan/binary-skipped .yarnrc 1:11 high'] },
  '.yarnrc: one byte over its size cap': { exit: 1, findings: ['scan/file-too-large .yarnrc 1:1 high'] },
  '.yarnrc: BOM and CRLF line ends': { exit: 0, findings: [] },
  '.yarnrc: invalid UTF-8': { exit: 0, findings: [] },
  'pip.conf: valid': { exit: 0, findings: [] },
  'pip.conf: a NUL byte': { exit: 1, findings: ['scan/binary-skipped pip.conf 2:2 high'] },
  'pip.conf: one byte over its size cap': { exit: 1, findings: ['scan/file-too-large pip.conf 1:1 high'] },
  'pip.conf: BOM and CRLF line ends': { exit: 0, findings: [] },
  'pip.conf: invalid UTF-8': { exit: 0, findings: [] },
  '.pypirc: valid': { exit: 0, findings: [] },
  '.pypirc: a NUL byte': { exit: 1, findings: ['scan/binary-skipped .pypirc 1:11 high'] },
  '.pypirc: one byte over its size cap': { exit: 1, findings: ['scan/file-too-large .pypirc 1:1 high'] },
  '.pypirc: BOM and CRLF line ends': { exit: 0, findings: [] },
  '.pypirc: invalid UTF-8': { exit: 0, findings: [] },
  'injection: an image reference with commands, HTML, bidi and ANSI': { exit: 0, findings: [] },
  'injection: remote script URL and RUN text': {
    exit: 1,
    findings: [
      'dockerfile/remote-script-exec Dockerfile 2:5 critical',
      'dockerfile/tls-verification-disabled Dockerfile 2:16 high',
    ],
  },
  'injection: lockfile package name and resolved URL': {
    exit: 1,
    findings: [
      'lockfile/insecure-transport package-lock.json 1:400 high',
      'lockfile/tarball-dependency package-lock.json 1:400 high',
      'lockfile/untrusted-host package-lock.json 1:400 high',
    ],
  },
  'injection: requirements line': {
    exit: 1,
    findings: [
      'lockfile/missing-integrity requirements.txt 1:1 medium',
      'lockfile/insecure-transport requirements.txt 1:35 high',
      'lockfile/tarball-dependency requirements.txt 1:35 medium',
      'lockfile/untrusted-host requirements.txt 1:35 high',
      'lockfile/insecure-transport requirements.txt 2:13 high',
    ],
  },
  'injection: .npmrc registry and token': {
    exit: 1,
    findings: [
      'config/registry-override .npmrc 1:10 high',
      'config/committed-credential .npmrc 2:19 critical',
    ],
  },
  'injection: workflow uses and run': {
    exit: 1,
    findings: [
      'workflow/excessive-permissions .github/workflows/b.yml 1:1 high',
      'workflow/unpinned-action .github/workflows/b.yml 6:15 medium',
      'workflow/template-injection .github/workflows/b.yml 7:22 critical',
      'workflow/parse-error .github/workflows/ci.yml 6:15 high',
    ],
  },
  'injection: file name with HTML and bidi': {
    exit: 1,
    findings: [
      'dockerfile/base-image-latest Dockerfile.a<img src=x onerror=alert(1)>‮ 1:6 high',
      'dockerfile/runs-as-root Dockerfile.a<img src=x onerror=alert(1)>‮ 1:6 medium',
    ],
  },
  'injection: file name with a newline and a workflow command': {
    exit: 1,
    findings: [
      'dockerfile/base-image-latest Dockerfile.a\n::error::pwned 1:6 high',
      'dockerfile/runs-as-root Dockerfile.a\n::error::pwned 1:6 medium',
    ],
  },
  'injection: inline ignore reason with a payload': { exit: 0, findings: [] },
  'huge: a 70,000-character RUN line': {
    exit: 1,
    findings: ['dockerfile/shell-analysis-incomplete Dockerfile 2:1 high'],
  },
  'huge: 5,000 backslash continuations (under the shell bounds: checked in full)': { exit: 0, findings: [] },
  'huge: numbers past double precision in a lockfile': { exit: 0, findings: [] },
  'huge: 5,000 stages': { exit: 0, findings: [] },
  'line ends: CR only': { exit: 1, findings: ['dockerfile/base-image-latest Dockerfile 1:6 high'] },
  'escape: a Dockerfile linked out of the tree': {
    exit: 1,
    findings: ['scan/symlink-skipped Dockerfile 1:1 high'],
  },
  'escape: a folder linked out of the tree': { exit: 1, findings: ['scan/symlink-skipped svc 1:1 high'] },
  'escape: an absolute link to a system file': {
    exit: 1,
    findings: ['scan/symlink-skipped requirements.txt 1:1 high'],
  },
  'escape: COPY and ADD sources with ../': { exit: 0, findings: [] },
  'escape: .dockerignore re-including ../ and a pattern of 5,000 globstars': { exit: 0, findings: [] },
  'escape: config paths pointing out of the tree': { exit: 0, findings: [] },
  'config: billion-laughs aliases': { exit: 2, findings: [] },
  'config: nested 50,000 deep': { exit: 2, findings: [] },
  'config: a huge number and a payload as values': { exit: 2, findings: [] },
  'config: a NUL byte': { exit: 2, findings: [] },
  'config: BOM and CRLF are read': {
    exit: 0,
    findings: ['dockerfile/base-image-latest Dockerfile 1:6 high'],
  },
  'config: invalid UTF-8 in an ignore reason': { exit: 0, findings: [] },
  'cli: --fail-on never with blocking findings': {
    exit: 0,
    findings: [
      'dockerfile/base-image-latest Dockerfile 1:6 high',
      'dockerfile/runs-as-root Dockerfile 1:6 medium',
    ],
  },
  'cli: an unknown flag': { exit: 2, findings: [] },
  'cli: --type for an unrecognised name': {
    exit: 1,
    findings: [
      'dockerfile/base-image-latest build.txt 1:6 high',
      'dockerfile/runs-as-root build.txt 1:6 medium',
    ],
  },
};
