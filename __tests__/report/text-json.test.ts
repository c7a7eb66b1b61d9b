import { describe, expect, it } from '@jest/globals';
import { renderJson } from '../../src/report/json.js';
import { summarize } from '../../src/report/summary.js';
import { renderText, sanitizeForTerminal } from '../../src/report/text.js';
import { VERSION } from '../../src/version.js';
import { finding, SAMPLE } from './fixtures.js';

describe('renderText', () => {
  it('groups by file and ends with one summary line', () => {
    const out = renderText(SAMPLE, summarize(SAMPLE, 'high', 2), { color: false });
    expect(out).toBe(
      [
        'Dockerfile',
        "  1:6  high      dockerfile/base-image-latest  Base image 'node' has no tag, so it means :latest.",
        '      fix: Pin a version and its digest: FROM node:<version>@sha256:<digest>',
        "  3:6  medium    dockerfile/base-image-unpinned  Base image 'python:3.12' has a tag but no digest.",
        '',
        'svc/Dockerfile',
        "  1:1  info      scan/symlink-skipped  Symbolic link 'svc/Dockerfile' was not followed.",
        '',
        '3 findings (1 high, 1 medium, 1 info) in 2 files checked; 1 at or above high.',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing, and with fail-on never', () => {
    expect(renderText([], summarize([], 'high', 1), { color: false })).toBe(
      '0 findings in 1 file checked; 0 at or above high.\n',
    );
    expect(
      renderText(SAMPLE.slice(0, 1), summarize(SAMPLE.slice(0, 1), 'never', 1), { color: false }),
    ).toMatch(/\n1 finding \(1 high\) in 1 file checked; fail-on: never\.\n$/);
  });

  it('uses color only when asked', () => {
    const s = summarize(SAMPLE, 'high', 2);
    expect(renderText(SAMPLE, s, { color: false })).not.toContain('\x1b');
    const colored = renderText(SAMPLE, s, { color: true });
    expect(colored).toContain('\x1b[31mhigh    \x1b[0m');
    expect(colored).toContain('\x1b[1mDockerfile\x1b[0m');
  });

  it('escapes control characters from file names and messages', () => {
    const hostile = finding({
      ruleId: 'dockerfile/base-image-latest',
      severity: 'high',
      path: 'evil\x1b]0;pwned\x07\nDockerfile',
      message: 'a\r\n  9:9  critical  fake/rule  forged\x1b[2J \u202egnp.exe',
      fix: 'x\x9b31m',
    });
    const out = renderText([hostile], summarize([hostile], 'high', 1), { color: true });
    const withoutOurColors = out.replace(/\x1b\[(?:1;31|31|33|36|2|1|0)m/g, '');
    expect(withoutOurColors).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(out).toContain('evil\\x1b]0;pwned\\x07\\x0aDockerfile');
    expect(out).toContain('a\\x0d\\x0a  9:9  critical  fake/rule  forged\\x1b[2J \\u202egnp.exe');
    expect(out.split('\n')).toHaveLength(6);
  });

  it('sanitizeForTerminal keeps printable text, including non-ASCII', () => {
    expect(sanitizeForTerminal('FROM node:20 — ünïcödé ✓')).toBe('FROM node:20 — ünïcödé ✓');
    expect(sanitizeForTerminal('\t\x00\x7f')).toBe('\\x09\\x00\\x7f');
  });
});

describe('renderJson', () => {
  it('is {version, tool, findings, suppressed, summary} with every Finding field', () => {
    const parsed = JSON.parse(renderJson(SAMPLE, summarize(SAMPLE, 'medium', 2)));
    expect(Object.keys(parsed)).toEqual(['version', 'tool', 'findings', 'suppressed', 'summary']);
    expect(parsed.suppressed).toEqual([]);
    expect(parsed.version).toBe(1);
    expect(parsed.tool).toEqual({ name: 'Bulkhead', version: VERSION });
    expect(parsed.summary).toEqual({
      total: 3,
      blocking: 2,
      failOn: 'medium',
      maxSeverity: 'high',
      bySeverity: { critical: 0, high: 1, medium: 1, low: 0, info: 1 },
      filesChecked: 2,
      suppressed: 0,
      suppressedByRule: {},
    });
    expect(parsed.findings[0]).toEqual({
      ruleId: 'dockerfile/base-image-latest',
      severity: 'high',
      message: "Base image 'node' has no tag, so it means :latest.",
      path: 'Dockerfile',
      startLine: 1,
      startColumn: 6,
      endLine: 1,
      endColumn: 10,
      evidence: 'node',
      fix: 'Pin a version and its digest: FROM node:<version>@sha256:<digest>',
      fingerprint: SAMPLE[0]!.fingerprint,
    });
    expect(parsed.findings[1]).not.toHaveProperty('fix');
  });

  it('an empty run still has every summary field', () => {
    expect(JSON.parse(renderJson([], summarize([], 'high', 0))).summary).toEqual({
      total: 0,
      blocking: 0,
      failOn: 'high',
      maxSeverity: 'none',
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      filesChecked: 0,
      suppressed: 0,
      suppressedByRule: {},
    });
  });
});
