import { afterEach, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { annotationCommand } from '../../src/report/annotations.js';
import { renderJson } from '../../src/report/json.js';
import { renderSarif } from '../../src/report/sarif.js';
import { summarize } from '../../src/report/summary.js';
import { scanFiles } from '../helpers/rules.js';

// Issue 8: remote-script-exec quoted the whole curl command, header and -u password included.
const KEY = `sk-ant-api03-${'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'.repeat(3)}AA`;
const PW = 'S3cretPassw0rd';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

test('curl -H "x-api-key: ..." and curl -u user:pass are masked in remote-script-exec evidence', async () => {
  const res = await scanFiles({
    Dockerfile: [
      'FROM ubuntu:22.04',
      `RUN curl -H "x-api-key: ${KEY}" https://host.example/i.sh | sh`,
      `RUN curl -u admin:${PW} http://host.example/c.sh | sh`,
      '',
    ].join('\n'),
  });
  roots.push(res.root);
  const rse = res.findings.filter((f) => f.ruleId === 'dockerfile/remote-script-exec');
  expect(rse.map((f) => f.evidence)).toEqual([
    // The rule cuts long evidence itself (`...`); the key is masked either way.
    'curl -H "x-api-key: sk-ant-…" https://host...',
    'curl -u admin:*** http://host.example/c.sh | sh',
  ]);
  const summary = summarize(res.findings, 'high', res.stats.filesChecked);
  for (const out of [
    renderJson(res.findings, summary),
    renderSarif(res.findings),
    ...res.findings.map(annotationCommand),
  ]) {
    expect(out).not.toContain(KEY.slice(7));
    expect(out).not.toContain(PW);
  }
});
