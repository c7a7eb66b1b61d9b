import { afterAll, describe, expect, it } from '@jest/globals';
import { RULE_IDS } from '../../src/rules/index.js';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/resolve.js';
import { scan } from '../../src/scan/engine.js';
import { message as readError } from '../../src/rules/scan/read-error.js';
import { message as internalError } from '../../src/rules/scan/internal-error.js';

/** The exact text of every finding the engine raises itself; each comes from its rule file. */
describe('engine-raised findings', () => {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-engine-msg-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('says what was skipped or not applied, and where', async () => {
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'b'));
    writeFileSync(
      join(root, 'a/Dockerfile'),
      '# bulkhead-ignore dockerfile/base-image-latest\nFROM node:20@sha256:' +
        'a'.repeat(64) +
        '\n# bulkhead-ignore dockerfile/nothing-here -- stale\nUSER app\n',
    );
    writeFileSync(join(root, 'a/build.Dockerfile'), 'CMD ["x"]\nFROM alpine\n');
    writeFileSync(join(root, 'b/Dockerfile'), 'FROM \0 alpine\n');
    writeFileSync(join(root, 'b/big.Dockerfile'), `FROM alpine\n${'# x\n'.repeat(400_000)}`);
    symlinkSync('/etc/passwd', join(root, 'b/package-lock.json'));
    writeFileSync(
      join(root, '.bulkhead.yml'),
      [
        'ignore:',
        '  - rule: dockerfile/base-image-unpinned',
        '    path: "nothing/**"',
        '    reason: old',
        '  - rule: dockerfile/runs-as-root',
        '    path: "b/**"',
        '    reason: old',
        '    until: 2020-01-01',
        '',
      ].join('\n'),
    );
    const { config, source } = loadConfig({ ruleIds: RULE_IDS, searchDirs: [root], root });
    const res = await scan({ root, paths: [root], config, ...(source ? { configSource: source } : {}) });
    expect(
      res.findings
        .filter((f) => /^(scan|config)\/|\/parse-error$/.test(f.ruleId))
        .map((f) => [f.ruleId, f.path, f.startLine, f.startColumn, f.message]),
    ).toEqual([
      [
        'config/unused-ignore',
        '.bulkhead.yml',
        2,
        1,
        "Ignore entry for dockerfile/base-image-unpinned (path 'nothing/**') matched no finding.",
      ],
      [
        'config/expired-ignore',
        '.bulkhead.yml',
        5,
        1,
        'Ignore entry for dockerfile/runs-as-root expired on 2020-01-01; the findings it covered are reported again.',
      ],
      [
        'config/ignore-without-reason',
        'a/Dockerfile',
        1,
        1,
        "'# bulkhead-ignore dockerfile/base-image-latest' has no reason after ' -- ', so it does not apply.",
      ],
      [
        'config/ignore-unknown-rule',
        'a/Dockerfile',
        3,
        1,
        "'# bulkhead-ignore dockerfile/nothing-here' names an unknown rule id 'dockerfile/nothing-here', so it hides nothing for it.",
      ],
      [
        'dockerfile/parse-error',
        'a/build.Dockerfile',
        1,
        1,
        "Could not parse 'a/build.Dockerfile': CMD before the first FROM (only ARG may come first); nothing in it was checked.",
      ],
      [
        'scan/binary-skipped',
        'b/Dockerfile',
        1,
        6,
        "'b/Dockerfile' holds binary data (a NUL byte); it was checked as UTF-8 text, which may not be what the tools that read it see.",
      ],
      [
        'scan/file-too-large',
        'b/big.Dockerfile',
        1,
        1,
        "'b/big.Dockerfile' is 1.5 MiB, over the 1.0 MiB cap for dockerfile files; it was not checked.",
      ],
      [
        'scan/symlink-skipped',
        'b/package-lock.json',
        1,
        1,
        "Symbolic link 'b/package-lock.json' was not checked (link to a file outside the workspace); what it points at may hold anything.",
      ],
    ]);
  });

  it('read and internal errors name the file and the error', () => {
    expect(readError('Dockerfile', 'EACCES: permission denied')).toBe(
      "Could not read 'Dockerfile': EACCES: permission denied.",
    );
    expect(internalError('Dockerfile', 'boom')).toBe(
      "Parser failed on 'Dockerfile': boom; the file was not checked.",
    );
    expect(internalError('Dockerfile', 'boom', 'dockerfile/x')).toBe(
      "Rule dockerfile/x failed on 'Dockerfile': boom.",
    );
  });
});
