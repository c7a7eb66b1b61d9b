/** Checks every output channel of one scan for form and injection. */
import { expect } from '@jest/globals';
import type { Finding } from '../../src/core/index.js';
import { annotationCommands } from '../../src/report/annotations.js';
import { checkRunReport } from '../../src/report/check-run.js';
import { summarize } from '../../src/report/summary.js';
import { marked } from 'marked';
import { cli, type Run } from './harness.js';

/** The elements the reports write themselves (GFM output plus their <details>, <code>, <br>). */
const OWN_ELEMENTS = new Set(
  'p ul ol li h1 h2 h3 h4 h5 h6 code strong em a details summary br table thead tbody tr th td pre hr blockquote del sub sup b kbd'.split(
    ' ',
  ),
);

/** Elements (or script links) in the rendered HTML that the report did not mean to write. */
export function strayHtml(markdown: string): string[] {
  const html = marked.parse(markdown, { async: false, gfm: true });
  const stray = [...html.matchAll(/<([A-Za-z][A-Za-z0-9-]*)/g)]
    .map((m) => m[1]!.toLowerCase())
    .filter((t) => !OWN_ELEMENTS.has(t));
  const links = [...html.matchAll(/href="([^"]*)"/g)]
    .map((m) => m[1]!)
    .filter((h) => !/^(https?:|#)/.test(h));
  const attrs = [...html.matchAll(/<[a-z]+\s[^>]*\bon[a-z]+=/gi)].map((m) => m[0]);
  return [...stray, ...links, ...attrs];
}

/** Characters no channel may carry raw: C0 controls but tab/newline, DEL, C1, bidi controls. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/;

export interface Channels {
  json: { findings: Finding[]; summary: { total: number } };
  sarif: { runs: { results: unknown[] }[] };
  markdown: string;
  text: string;
  annotations: string[];
  checkRun: ReturnType<typeof checkRunReport>;
}

/** Every format of one scan, each checked for form and injection; returns them for more checks. */
export async function channels(root: string, args: string[], intel?: Parameters<typeof cli>[2]) {
  const runs: Record<string, Run> = {};
  for (const format of ['json', 'sarif', 'markdown', 'text']) {
    runs[format] = await cli(['scan', '.', '--format', format, ...args], root, intel);
  }
  const codes = new Set(Object.values(runs).map((r) => r.code));
  expect(codes.size).toBe(1);
  const json = runs.json!;
  if (json.code === 2) return { code: 2, runs } as const;

  const parsed = JSON.parse(json.stdout) as Channels['json'];
  const findings = parsed.findings;
  expect(findings.length).toBe(parsed.summary.total);
  const sarif = JSON.parse(runs.sarif!.stdout) as Channels['sarif'];
  expect(sarif.runs[0]!.results.length).toBe(findings.length);

  // Markdown (job summary), rendered as GFM: only the report's own elements, no script link.
  const md = runs.markdown!.stdout;
  expect(md).not.toMatch(RAW_CONTROL);
  expect(strayHtml(md)).toEqual([]);
  expect(md).not.toMatch(/^::/m);
  // Text: no escape sequence and no control character reaches the terminal.
  expect(runs.text!.stdout).not.toMatch(RAW_CONTROL);
  for (const r of Object.values(runs)) expect(r.stderr).not.toMatch(RAW_CONTROL);
  // JSON and SARIF are JSON: any character is allowed inside a string, escaped by JSON itself.

  // Workflow commands: one line each, a command only at its start.
  const { lines } = annotationCommands(findings);
  expect(lines.length).toBe(findings.length);
  for (const l of lines) {
    expect(l).not.toMatch(/[\r\n]/);
    expect(l.indexOf('::', 2)).toBe(l.match(/^::[a-z]+( [^:]*)?::/)![0].length - 2);
  }

  // Check-run payload: JSON-serialisable, one annotation per finding (up to its cap), no raw HTML.
  const summary = summarize(findings, 'high', 1);
  const plan = checkRunReport({
    findings,
    existing: [],
    suppressed: [],
    config: { origin: 'default' },
    summary,
    notes: [],
    name: 'Bulkhead',
    completedAt: '2026-12-06T00:00:00Z',
  });
  const payload = JSON.stringify(plan.updates);
  expect(JSON.parse(payload)).toEqual(plan.updates);
  expect(plan.annotated + plan.dropped).toBe(findings.length);
  for (const u of plan.updates) {
    const out = u.output;
    if (!out) continue;
    for (const s of [out.summary, out.text ?? '']) {
      expect(s).not.toMatch(RAW_CONTROL);
      expect(strayHtml(s)).toEqual([]);
    }
  }
  return { code: json.code, runs, findings, markdown: md } as const;
}
