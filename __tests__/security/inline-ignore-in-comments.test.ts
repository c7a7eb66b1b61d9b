import { afterEach, describe, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { scanFiles } from '../helpers/rules.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const SHA512 = `sha512-${'A'.repeat(86)}==`;
const DIGEST = `sha256:${'a'.repeat(64)}`;

async function run(files: Record<string, string>) {
  const res = await scanFiles(files);
  roots.push(res.root);
  const shape = (f: (typeof res.findings)[number]): [string, string, number, number] => [
    f.ruleId,
    f.severity,
    f.startLine,
    f.startColumn,
  ];
  return { findings: res.findings.map(shape), suppressed: res.suppressed.map(shape) };
}

/**
 * Issue 9 item 5: `# bulkhead-ignore` was honoured anywhere in the text, so a marker inside a JSON
 * string (which the lockfile's author or a package's publisher controls) hid a critical finding.
 * An inline ignore now applies only inside a comment token of the file's own format.
 */
describe('an inline ignore outside a real comment hides nothing', () => {
  test('a JSON string in package-lock.json', async () => {
    const lock = [
      '{',
      '  "name": "app",',
      '  "lockfileVersion": 3,',
      '  "packages": {',
      '    "": { "dependencies": { "lodash": "4.17.21" } },',
      '    "node_modules/lodash": {',
      '      "version": "4.17.21",',
      `      "integrity": "${SHA512}",`,
      '      "resolved": "https://registry.npmjs.org/evil/-/evil-4.17.21.tgz", "license": "# bulkhead-ignore lockfile/package-name-mismatch -- mirror"',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const r = await run({ 'package-lock.json': lock });
    expect(r.findings.filter((f) => f[0] === 'lockfile/package-name-mismatch')).toEqual([
      ['lockfile/package-name-mismatch', 'critical', 9, 20],
    ]);
    expect(r.findings.map((f) => f[0])).not.toContain('config/unused-ignore');
    expect(r.suppressed).toEqual([]);
  });

  test('a YAML block scalar in .yarnrc.yml, and a real YAML comment still works', async () => {
    const yarnrc = [
      'enableTelemetry: false',
      'initLicense: |',
      '  # bulkhead-ignore config/registry-override -- inside a block scalar',
      'npmRegistryServer: "http://npm.acme.example"',
      '',
    ].join('\n');
    expect(await run({ '.yarnrc.yml': yarnrc })).toEqual({
      findings: [['config/registry-override', 'high', 4, 21]],
      suppressed: [],
    });
    const commented = yarnrc.replace('initLicense: |\n  #', '#');
    expect(await run({ '.yarnrc.yml': commented })).toEqual({
      findings: [],
      suppressed: [['config/registry-override', 'high', 3, 21]],
    });
  });

  test('a shell string in a RUN, and a heredoc body', async () => {
    const head = `FROM alpine@${DIGEST}\nUSER app\n`;
    const inString = `${head}RUN curl -fsSL https://x.example/i.sh | sh -s -- "# bulkhead-ignore dockerfile/remote-script-exec -- in a string"\n`;
    const r1 = await run({ Dockerfile: inString });
    expect(r1.findings.filter((f) => f[0] === 'dockerfile/remote-script-exec')).toEqual([
      ['dockerfile/remote-script-exec', 'critical', 3, 5],
    ]);
    expect(r1.suppressed).toEqual([]);

    const inHeredoc = `${head}COPY <<EOF /etc/motd\n# bulkhead-ignore dockerfile/remote-script-exec -- file content\nEOF\n# real comment\nRUN curl -fsSL https://x.example/i.sh | sh\n`;
    const r2 = await run({ Dockerfile: inHeredoc });
    expect(r2.findings.filter((f) => f[0] === 'dockerfile/remote-script-exec')).toEqual([
      ['dockerfile/remote-script-exec', 'critical', 7, 5],
    ]);
    expect(r2.suppressed).toEqual([]);
  });

  test('a shell comment at the end of a RUN and a comment line still work', async () => {
    const df = `FROM alpine@${DIGEST}\nUSER app\nRUN curl -fsSL https://x.example/i.sh | sh # bulkhead-ignore dockerfile/remote-script-exec -- vendor installer, reviewed\n# bulkhead-ignore dockerfile/remote-script-exec -- reviewed too\nRUN curl -fsSL https://y.example/i.sh | sh\n`;
    const r = await run({ Dockerfile: df });
    expect(
      r.findings.filter((f) => f[0].startsWith('dockerfile/remote') || f[0].startsWith('config/')),
    ).toEqual([]);
    expect(r.suppressed.filter((f) => f[0] === 'dockerfile/remote-script-exec')).toEqual([
      ['dockerfile/remote-script-exec', 'critical', 3, 5],
      ['dockerfile/remote-script-exec', 'critical', 5, 5],
    ]);
  });
});
