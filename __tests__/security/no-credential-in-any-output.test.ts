import { afterAll, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { annotationCommand, toCheckAnnotation } from '../../src/report/annotations.js';
import { planCheckRunUpdates } from '../../src/report/check-run.js';
import { commentBody, commentMarker } from '../../src/report/comment.js';
import { renderJobSummary } from '../../src/report/job-summary.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { summarize } from '../../src/report/summary.js';
import { renderText } from '../../src/report/text.js';
import { scanFiles } from '../helpers/rules.js';
import { opaque, SAMPLES, secretPart } from '../secrets/samples.js';

// Issue 8, "done when": credentials of every provider shape, URL userinfo, `curl -u`, `--header`
// and `_auth=` values planted wherever a rule quotes evidence, through every renderer.
const S = Object.fromEntries(SAMPLES.map((s) => [s.name, s.value]));
const PW = {
  url: opaque('Ur1Pw'),
  curlU: opaque('CuU7p'),
  header: opaque('Hd8Rv'),
  auth: opaque('Au5Th'),
  pipConf: opaque('Pc4Nf'),
  npmrcUrl: opaque('Nr2Ul'),
  req: opaque('Rq6Tx'),
  lock: opaque('Lk3Pw'),
  yarn: opaque('Yn9Pw'),
  add: opaque('Ad4Pw'),
  query: opaque('Qy5Tk'),
  wget: opaque('Wg8Pw'),
  docker: opaque('Dl7Pw'),
};

const dockerfile = [
  `ARG TAG=${S['GitLab PAT']}`,
  'FROM node:${TAG}',
  `ARG NPM_TOKEN=${S['npm token']}`,
  `ENV GITHUB_TOKEN=${S['GitHub classic PAT']} AWS_ACCESS_KEY_ID=${S['AWS access key id']}`,
  `ENV OPENAI_API_KEY=${S['OpenAI project key']}`,
  `ADD https://deploy:${PW.add}@files.example/tool.tgz /opt/`,
  `ADD https://files.example/b.tgz?token=${PW.query} /opt/`,
  `RUN curl -H "x-api-key: ${S['Anthropic key']}" https://host.example/i.sh | sh`,
  `RUN curl -u admin:${PW.curlU} http://host.example/c.sh | sh`,
  `RUN curl --header "Authorization: Bearer ${S.JWT}" https://a.example/x.sh | bash`,
  `RUN curl -fsSL --header "X-Api-Key: ${PW.header}" https://b.example/y.sh | sh`,
  `RUN curl -sSL "https://c.example/i.sh?access_token=${S['GitHub OAuth token']}" | bash`,
  `RUN wget --password=${PW.wget} -qO- http://d.example/i.sh | sh`,
  `RUN git clone https://x-access-token:${S['GitHub App installation token']}@github.com/o/r.git`,
  `RUN git clone https://${S['GitHub fine-grained PAT']}@github.com/o/r2.git`,
  `RUN pip install --index-url https://__token__:${S['PyPI token']}@pypi.example/simple foo`,
  `RUN pip install --extra-index-url https://u:${PW.url}@pypi2.example/simple bar`,
  `RUN npm config set _auth=${PW.auth} && npm install -g left-pad`,
  `RUN echo "//registry.npmjs.org/:_authToken=${S['npm token']}" > /root/.npmrc && npm i -g x`,
  `RUN docker login -u me -p ${PW.docker} registry.example && curl -k https://e.example/z.sh | sh`,
  `RUN curl -k "https://f.example/i.sh?key=1&sig=${S['Google API key']}" | sh`,
  `RUN HF_TOKEN=${S['Hugging Face token']} curl -k https://hf.example/i.sh | sh`,
  `RUN curl -k -H "Authorization: token ${S['Docker Hub PAT']}" https://g.example/i.sh | sh`,
  `RUN curl -k "https://${S['Slack webhook']}" -d x && curl -k https://h.example/${S['Stripe secret key']}/i.sh | sh`,
  `RUN curl -k https://i.example/${S['DigitalOcean token']}/i.sh | sh`,
  `RUN curl -k https://j.example/i.sh?t=${S['Shopify token']} | sh`,
  `RUN curl -k https://k.example/i.sh -H "Authorization: Bearer ${S['SendGrid key']}" | sh`,
  `RUN curl -k https://l.example/${S['Twilio API key']}/i.sh | sh`,
  `RUN curl -k https://m.example/i.sh?x=${S['Slack bot token']} | sh`,
  `RUN curl -k https://n.example/i.sh?x=${S['Google OAuth access token']} | sh`,
  `RUN curl -k https://o.example/i.sh?x=${S['Vault token']}&y=${S['AWS temporary key id']} | sh`,
  `RUN curl -k https://p.example/i.sh?x=${S['Stripe restricted key']}&y=${S['OpenAI legacy key']} | sh`,
  `RUN curl -k https://q.example/i.sh?x=${S['GitHub App user token']}&y=${S['GitHub refresh token']}&z=${S['GitLab deploy token']} | sh`,
  '',
].join('\n');

const files: Record<string, string> = {
  Dockerfile: dockerfile,
  'package.json': '{"dependencies":{"a":"1.0.0","b":"1.0.0"}}',
  'package-lock.json': JSON.stringify({
    name: 'x',
    lockfileVersion: 3,
    packages: {
      '': { dependencies: { a: '1.0.0', b: '1.0.0' } },
      'node_modules/a': {
        version: '1.0.0',
        resolved: `https://u:${PW.lock}@evil.example/a/-/a-1.0.0.tgz`,
        integrity: 'sha512-AAAA',
      },
      'node_modules/b': {
        version: '1.0.0',
        resolved: `https://evil.example/b/-/b-1.0.0.tgz?token=${S['Stripe secret key']}`,
        integrity: 'sha512-BBBB',
      },
    },
  }),
  'y/yarn.lock': `# yarn lockfile v1\n\n"a@^1":\n  version "1.0.0"\n  resolved "https://u:${PW.yarn}@evil.example/a.tgz#abc"\n`,
  'requirements.txt':
    `--index-url https://u:${PW.req}@pypi.example/simple\n` +
    `foo @ https://${S['GitHub classic PAT']}@files.example/foo-1.0.whl\n`,
  '.npmrc':
    `//registry.npmjs.org/:_authToken=${S['npm token']}\n` +
    `//npm.example/:_auth=${PW.auth}\n` +
    `registry=http://ci:${PW.npmrcUrl}@npm.example/\n`,
  '.yarnrc.yml': `npmAuthToken: "${S['GitHub classic PAT']}"\nnpmRegistryServer: "http://u:${PW.npmrcUrl}@npm2.example"\n`,
  'pip.conf': `[global]\nindex-url = http://ci:${PW.pipConf}@pypi.example/simple\nextra-index-url = https://u:${S['Hugging Face token']}@pypi3.example/simple\n`,
};

/** Every 8-character window of every planted secret part: none may appear in any output. */
const SECRETS = [...SAMPLES.map(secretPart), ...Object.values(PW)];
const WINDOWS = new Set<string>();
for (const s of SECRETS) for (let i = 0; i + 8 <= s.length; i++) WINDOWS.add(s.slice(i, i + 8));

function leaks(out: string): string[] {
  const found = new Set<string>();
  for (let i = 0; i + 8 <= out.length; i++) {
    const w = out.slice(i, i + 8);
    if (WINDOWS.has(w)) found.add(w);
  }
  return [...found];
}

let root = '';
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

test('no planted credential reaches text, JSON, SARIF, markdown, annotations, check run or comment', async () => {
  const res = await scanFiles(files);
  root = res.root;
  const fired = new Set(res.findings.map((f) => f.ruleId));
  // The rules that quote commands, URLs and settings did run on the planted lines.
  for (const id of [
    'dockerfile/remote-script-exec',
    'dockerfile/secret-in-image',
    'dockerfile/remote-add-no-checksum',
    'dockerfile/git-clone-unpinned',
    'dockerfile/tls-verification-disabled',
    'dockerfile/base-image-unpinned',
    'lockfile/untrusted-host',
    'config/committed-credential',
    'config/registry-override',
  ])
    expect(fired).toContain(id);
  expect(
    res.findings.filter((f) => f.ruleId === 'dockerfile/remote-script-exec').length,
  ).toBeGreaterThanOrEqual(15);

  const summary = summarize(res.findings, 'high', res.stats.filesChecked);
  const markdown = renderMarkdown(res.findings, summary, { linkBase: 'https://github.com/o/r/blob/abc' });
  const plan = planCheckRunUpdates(res.findings, {
    title: 'Bulkhead',
    summary: markdown,
    conclusion: 'failure',
    completedAt: '2026-01-01T00:00:00Z',
  });
  const outputs: [string, string][] = [
    ['text', renderText(res.findings, summary, { color: false })],
    ['json', renderJson(res.findings, summary)],
    ['sarif', renderSarif(res.findings)],
    ['markdown', markdown],
    [
      'job summary',
      renderJobSummary({
        findings: res.findings,
        summary,
        existing: [],
        suppressed: [],
        config: { origin: 'default' },
        notes: [],
        title: 'Bulkhead',
      }),
    ],
    ['annotations', res.findings.map(annotationCommand).join('\n')],
    ['check annotations', JSON.stringify(res.findings.map(toCheckAnnotation))],
    ['check run', JSON.stringify(plan.updates)],
    ['comment', commentBody(commentMarker('Bulkhead'), markdown)],
  ];
  for (const [name, out] of outputs) expect({ name, leaks: leaks(out) }).toEqual({ name, leaks: [] });
  // Masks, not deletions: the reader still sees what was there.
  const json = outputs[1]![1];
  expect(json).toContain('curl -u admin:*** http://host.example/c.sh | sh');
  expect(json).toContain('x-api-key: sk-ant-…');
});
