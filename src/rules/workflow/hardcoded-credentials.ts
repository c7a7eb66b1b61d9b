import { defineRule, hit, type Hit, type Severity } from '../../core/index.js';
import type { WfMap, WfScalar } from '../../formats/workflow/model.js';
import { scalarsIn } from '../../formats/workflow/permissions.js';
import {
  findTokens,
  isHarmlessWord,
  isPlaceholder,
  isSecretName,
  maskSecret,
  startsWithReference,
  urlPassword,
} from '../../secrets/index.js';
import { findPrivateKeys } from '../../secrets/shapes.js';

/** Longest value read (a private key block is a few KB). */
const MAX_VALUE = 65_536;

/** Is the value written out in the file, not filled in by GitHub (`${{ secrets.X }}`) or the shell (`$X`)? */
function literal(s: WfScalar): string | undefined {
  if (s.yamlValue === null || typeof s.yamlValue === 'boolean') return undefined;
  const v = s.value.trim();
  if (!v || v.includes('${{') || startsWithReference(v)) return undefined;
  return v;
}

interface Ctx {
  hits: Hit[];
  done: Set<WfScalar>;
}

function report(
  c: Ctx,
  s: WfScalar,
  at: { start: number; end: number } | undefined,
  message: string,
  extra: { severity: Severity; evidence: string; fix: string },
): void {
  c.done.add(s);
  const span = at ? s.spanOf(at.start, at.end) : s.span;
  c.hits.push(hit(span, message, extra));
}

/** `container.credentials` / `services.*.credentials` with a literal password. */
function credentials(c: Ctx, creds: WfMap | undefined, where: string): void {
  const pw = creds?.get('password')?.value;
  if (pw?.type !== 'scalar') return;
  const v = literal(pw);
  if (v === undefined) return;
  report(
    c,
    pw,
    undefined,
    `The registry password of ${where} is written in the workflow: anyone who can read the repository can pull (and, with a write credential, push) images as that account.`,
    {
      severity: 'high',
      evidence: `password: ${maskSecret(v)}`,
      fix: 'Revoke it, store it as a secret and write `password: ${{ secrets.REGISTRY_PASSWORD }}` (for ghcr.io, `${{ secrets.GITHUB_TOKEN }}` with `packages: read`).',
    },
  );
}

/** A provider token, private key or URL password anywhere in a value. */
function shaped(c: Ctx, s: WfScalar): void {
  if (c.done.has(s) || s.value.length < 20) return;
  const v = s.value.length > MAX_VALUE ? s.value.slice(0, MAX_VALUE) : s.value;
  const t = findTokens(v, true).find((m) => !isPlaceholder(v.slice(m.start, m.end)));
  const fix =
    'Revoke it now (it is in the repository history), store the new one as a secret and reference it with `${{ secrets.NAME }}`.';
  if (t) {
    report(
      c,
      s,
      t,
      `The workflow holds what looks like ${t.shape.what} in clear text: anyone who can read the repository (and its history) can use it.`,
      {
        severity: 'high',
        evidence: maskSecret(v.slice(t.start, t.end)),
        fix,
      },
    );
    return;
  }
  const k = findPrivateKeys(v)[0];
  if (k && k.end - k.start > 64) {
    report(
      c,
      s,
      { start: k.start, end: Math.min(k.end, k.start + 1) },
      `The workflow holds a private key in clear text (${k.header.replace(/-/g, '').trim()}): anyone who can read the repository can use it.`,
      {
        severity: 'high',
        evidence: `${k.header}…`,
        fix,
      },
    );
    return;
  }
  if (v.includes('@') && urlPassword(v) !== undefined) {
    report(
      c,
      s,
      undefined,
      'The workflow holds a URL with an embedded password: anyone who can read the repository can use it.',
      {
        severity: 'high',
        evidence: 'scheme://user:***@host',
        fix,
      },
    );
  }
}

/** `env:` / `with:` entries named like a secret with a literal value. */
function named(c: Ctx, m: WfMap | undefined, where: string, testOnly: boolean): void {
  for (const e of m?.entries ?? []) {
    if (e.value.type !== 'scalar' || c.done.has(e.value) || !isSecretName(e.key)) continue;
    const v = literal(e.value);
    if (v === undefined || v.length < 8 || isHarmlessWord(v) || isPlaceholder(v) || v.includes(' ')) continue;
    if (testOnly) continue;
    report(
      c,
      e.value,
      undefined,
      `${where} sets ${e.key} to a literal value: a credential written in the workflow can be read by anyone who can read the repository, and it stays in its history.`,
      {
        severity: 'medium',
        evidence: `${e.key}: ${maskSecret(v)}`,
        fix: `If it is a real credential, revoke it, store it as a secret and write \`${e.key}: \${{ secrets.${e.key.toUpperCase().replace(/[^A-Z0-9_]/g, '_')} }}\`.`,
      },
    );
  }
}

export const rule = defineRule({
  id: 'workflow/hardcoded-credentials',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: 'Credential written in the workflow',
  description:
    "A credential in a workflow file is readable by everyone who can read the repository and stays in its history after it is removed. The rule reports, with the value always masked: a literal `password:` under `container.credentials` or `services.*.credentials` (high; `${{ secrets.X }}` is the fix); any value (env, `with:`, a `run:` script) holding a provider token of a known shape (GitHub, npm, PyPI, AWS, Slack, ...), a private key block or a URL with an embedded password (high), found by the project's one secrets detector; and an `env:` or `with:` entry whose name says it holds a secret (`API_KEY`, `DB_PASSWORD`, `npm-token`) set to a literal of 8 or more characters that is not a placeholder (`changeme`, `postgres`, `<token>`) (medium). Name-only matches are skipped in jobs that start service containers (and at workflow level when any job does): those are the throw-away passwords of test databases. One finding per value, at the value (at the token inside a longer text).",
  fix: 'Revoke the credential, store it as an encrypted secret and reference it: `password: ${{ secrets.REGISTRY_PASSWORD }}`.',
  examples: {
    bad: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    container:\n      image: registry.example.com/ci:1.2\n      credentials:\n        username: ci\n        password: s3cr3t-Passw0rd\n    steps:\n      - run: make test',
    good: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    container:\n      image: registry.example.com/ci:1.2\n      credentials:\n        username: ci\n        password: ${{ secrets.REGISTRY_PASSWORD }}\n    steps:\n      - run: make test',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  references: [
    'https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idcontainercredentials',
    'https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions',
  ],
  check(model) {
    const c: Ctx = { hits: [], done: new Set() };
    for (const job of model.jobs) {
      credentials(c, job.container?.credentials, `the container of job '${job.id}'`);
      for (const s of job.services) credentials(c, s.credentials, `service '${s.id}'`);
    }
    for (const s of scalarsIn(model.root)) shaped(c, s);
    named(
      c,
      model.env,
      'The workflow `env:`',
      model.jobs.some((j) => j.services.length > 0),
    );
    for (const job of model.jobs) {
      const test = job.services.length > 0;
      named(c, job.env, `Job '${job.id}' \`env:\``, test);
      for (const step of job.steps) {
        named(c, step.env, `A step's \`env:\` in job '${job.id}'`, test);
        named(c, step.with, `A step's \`with:\` in job '${job.id}'`, test);
      }
    }
    for (const step of model.runs?.steps ?? []) {
      named(c, step.env, "A composite step's `env:`", false);
      named(c, step.with, "A composite step's `with:`", false);
    }
    return c.hits.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  },
});
