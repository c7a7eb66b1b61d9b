import { afterAll, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { annotationCommand, toCheckAnnotation } from '../../src/report/annotations.js';
import { renderJobSummary } from '../../src/report/job-summary.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { summarize } from '../../src/report/summary.js';
import { renderText } from '../../src/report/text.js';
import { scanFiles } from '../helpers/rules.js';
import { opaque, SAMPLES } from '../secrets/samples.js';

// Issue 9, item 13: each shape the adversarial review got through a channel, planted where a rule
// quotes it, checked in every rendered output (raw_details is the check annotation's evidence).
const S = Object.fromEntries(SAMPLES.map((s) => [s.name, s.value]));
const PW = {
  at: opaque('AtPw1'),
  bearer: opaque('LcBr2'),
  tokenHex: 'c0ffee' + '9f3a7c1e5b2d8046'.repeat(2),
  fragment: opaque('FrAg3'),
  cookie: opaque('CoOk4'),
  jfrog: opaque('JfRg5'),
  dollar: '$' + opaque('DoLr6'),
  plain: opaque('PlNp7'),
  userTok: opaque('UsTk8', 32),
};

const files: Record<string, string> = {
  Dockerfile: [
    'FROM alpine:3.20@sha256:' + 'a'.repeat(64),
    'USER app',
    `RUN curl -fsSL https://ci:${PW.at}@x@a.example/i.sh | sh`,
    `RUN curl -H "authorization: bearer ${PW.bearer}" https://b.example/i.sh | sh`,
    `RUN curl -H "Authorization: token ${PW.tokenHex}" https://c.example/i.sh | sh`,
    `RUN curl -fsSL "https://d.example/i.sh#access_token=${PW.fragment}" | sh`,
    `RUN curl -H "Cookie: session=${PW.cookie}" https://e.example/i.sh | sh`,
    `RUN curl -H "X-JFrog-Art-Api: ${PW.jfrog}" https://f.example/i.sh | sh`,
    `RUN curl -fsSL https://${PW.userTok}@g.example/i.sh | sh`,
    `RUN curl -fsSL https://h.example/i.sh?token=${S['GitLab deploy token']} | sh`,
    '',
  ].join('\n'),
  'requirements.txt': `--index-url https://ci:${PW.dollar}@pypi.example/simple\nfoo==1.0\n`,
  '.npmrc': `//npm.example/:_password=${PW.plain}\n`,
};

const SECRETS = Object.values(PW)
  .map((v) => v.replace(/^\$/, ''))
  .concat([S['GitLab deploy token']!.slice(5)]);
const WINDOWS = new Set<string>();
for (const s of SECRETS) for (let i = 0; i + 6 <= s.length; i++) WINDOWS.add(s.slice(i, i + 6));
const leaks = (out: string) => {
  const found = new Set<string>();
  for (let i = 0; i + 6 <= out.length; i++)
    if (WINDOWS.has(out.slice(i, i + 6))) found.add(out.slice(i, i + 6));
  return [...found];
};

let root = '';
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

test('the shapes that got through are masked in every output; plain passwords show no characters', async () => {
  const res = await scanFiles(files);
  root = res.root;
  expect(
    res.findings.filter((f) => f.ruleId === 'dockerfile/remote-script-exec').map((f) => f.startLine),
  ).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  expect(res.findings.map((f) => f.ruleId)).toContain('config/committed-credential');
  const summary = summarize(res.findings, 'high', res.stats.filesChecked);
  const outputs: [string, string][] = [
    ['text', renderText(res.findings, summary, { color: false })],
    ['json', renderJson(res.findings, summary)],
    ['sarif', renderSarif(res.findings)],
    ['markdown', renderMarkdown(res.findings, summary, {})],
    [
      'job summary',
      renderJobSummary({
        findings: res.findings,
        summary,
        existing: [],
        notes: [],
        title: 'B',
        suppressed: [],
        config: { origin: 'default' },
      }),
    ],
    ['annotations', res.findings.map(annotationCommand).join('\n')],
    ['raw_details', JSON.stringify(res.findings.map(toCheckAnnotation))],
  ];
  for (const [name, out] of outputs) expect({ name, leaks: leaks(out) }).toEqual({ name, leaks: [] });
  const cred = res.findings.find((f) => f.ruleId === 'config/committed-credential')!;
  expect(`${cred.message} ${cred.evidence ?? ''}`).not.toContain(PW.plain.slice(0, 4));
});
