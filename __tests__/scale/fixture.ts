import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main, type CliIo } from '../../src/cli/main.js';

/**
 * A tree that exercises what sharding can get wrong: twelve Dockerfiles (so every shard gets
 * some), inline ignores used and unused, a config ignore used by one file only (its shard), one
 * used by none and one expired, a lockfile whose finding lands in its package.json (another path,
 * possibly another shard), a workflow declaring a build, and a link out of the tree.
 */
export function shardTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-shard-'));
  const files: Record<string, string> = {
    '.bulkhead.yml':
      'ignore:\n  - rule: dockerfile/base-image-latest\n    path: svc3/Dockerfile\n    reason: migrating\n' +
      '  - rule: dockerfile/base-image-latest\n    path: nowhere/Dockerfile\n    reason: stale\n' +
      '  - rule: lockfile/insecure-transport\n    path: old/**\n    reason: gone\n    until: 2020-01-01\n',
    'ctx/Dockerfile': 'FROM alpine:3.19\nRUN apk add curl\nCOPY . /app\n',
    'broken/Dockerfile': 'FROM node AS\nRUN "unterminated\n',
    '.github/workflows/build.yml':
      'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/build-push-action@v6\n        with:\n          context: ctx\n',
    'app/package.json':
      '{"name":"app","version":"1.0.0","dependencies":{"left-pad":"^1.3.0","lodash":"^4.17.21"}}',
    'app/package-lock.json':
      '{"name":"app","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"app","version":"1.0.0","dependencies":{"left-pad":"^1.3.0"}},"node_modules/left-pad":{"version":"1.3.0","resolved":"http://registry.example.com/left-pad/-/left-pad-1.3.0.tgz"}}}',
  };
  for (let i = 0; i < 12; i++)
    files[`svc${i}/Dockerfile`] =
      'FROM node\nRUN curl -fsSL https://example.com/install.sh | sh\n' +
      '# bulkhead-ignore dockerfile/remote-script-exec -- vendor script reviewed\n' +
      (i % 3 === 0 ? '# bulkhead-ignore dockerfile/runs-as-root -- nothing here\n' : '') +
      'RUN curl https://example.com/b.sh | bash\n';
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  mkdirSync(join(root, '.git'));
  symlinkSync('/etc/hostname', join(root, 'requirements.txt'));
  return root;
}

export async function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env, cwd };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
