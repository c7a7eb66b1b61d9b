import { describe, expect, test } from '@jest/globals';
import {
  annotationCommand,
  annotationCommands,
  batches,
  bySeverity,
  checkLevel,
  commandType,
  escapeData,
  escapeProperty,
  guardedLines,
  toCheckAnnotation,
  workflowCommand,
} from '../../src/report/annotations.js';
import { SEVERITIES } from '../../src/core/index.js';
import { finding, HOSTILE } from './fixtures.js';

/** How the runner reads a command line back: split at the first `::` after the properties. */
function parseCommand(line: string): { command: string; props: Record<string, string>; message: string } {
  expect(line.includes('\n')).toBe(false);
  expect(line.includes('\r')).toBe(false);
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)!;
  expect(m).not.toBeNull();
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = kv.indexOf('=');
    props[kv.slice(0, eq)] = decodeURIComponent(kv.slice(eq + 1));
  }
  return { command: m[1]!, props, message: decodeURIComponent(m[3]!) };
}

describe('level mapping', () => {
  test('critical/high -> failure/error, medium -> warning, low/info -> notice', () => {
    expect(SEVERITIES.map((s) => [s, checkLevel(s), commandType(s)])).toEqual([
      ['critical', 'failure', 'error'],
      ['high', 'failure', 'error'],
      ['medium', 'warning', 'warning'],
      ['low', 'notice', 'notice'],
      ['info', 'notice', 'notice'],
    ]);
  });
});

describe('check-run annotations', () => {
  test('columns only when start and end line are equal; end column inclusive', () => {
    expect(
      toCheckAnnotation(finding({ startLine: 3, startColumn: 6, endLine: 3, endColumn: 10 })),
    ).toMatchObject({
      path: 'Dockerfile',
      start_line: 3,
      end_line: 3,
      start_column: 6,
      end_column: 9,
      annotation_level: 'failure',
      title: 'dockerfile/base-image-latest (high)',
      raw_details: 'Evidence: node',
    });
    const multi = toCheckAnnotation(finding({ startLine: 3, endLine: 5 }));
    expect(multi).not.toHaveProperty('start_column');
    expect(multi).not.toHaveProperty('end_column');
    expect(multi).toMatchObject({ start_line: 3, end_line: 5 });
  });

  test('the message alone, cut to what the runner shows; the fix and evidence in raw_details', () => {
    const a = toCheckAnnotation(finding({ message: 'x'.repeat(10_000), fix: 'pin it' }));
    expect(a.message.length).toBe(4000);
    const b = toCheckAnnotation(finding({ fix: 'pin it' }));
    expect(b.message).toBe("Base image 'node' has no tag.");
    expect(b.raw_details).toBe('Fix: pin it\n\nEvidence: node');
  });

  test('batches of 50: 0, 50, 51, 120', () => {
    const n = (k: number) =>
      batches(
        Array.from({ length: k }, (_, i) => i),
        50,
      ).map((b) => b.length);
    expect(n(0)).toEqual([]);
    expect(n(50)).toEqual([50]);
    expect(n(51)).toEqual([50, 1]);
    expect(n(120)).toEqual([50, 50, 20]);
  });

  test('most severe first, then by place', () => {
    const order = bySeverity([
      finding({ severity: 'low', path: 'a' }),
      finding({ severity: 'critical', path: 'z' }),
      finding({ severity: 'medium', path: 'b' }),
      finding({ severity: 'critical', path: 'c' }),
    ]).map((f) => `${f.severity}:${f.path}`);
    expect(order).toEqual(['critical:c', 'critical:z', 'medium:b', 'low:a']);
  });
});

describe('workflow commands', () => {
  test("escaping is @actions/core's: data %, CR, LF; properties also : and ,", () => {
    expect(escapeData('100% \r\n ::x,y')).toBe('100%25 %0D%0A ::x,y');
    expect(escapeProperty('100% \r\n ::x,y')).toBe('100%25 %0D%0A %3A%3Ax%2Cy');
  });

  test.each(HOSTILE)('a hostile name or message round-trips and cannot add a command: %j', (s) => {
    const line = annotationCommand(
      finding({ path: `${s}/Dockerfile`, message: s, ruleId: 'dockerfile/base-image-latest' }),
    );
    const parsed = parseCommand(line);
    expect(parsed.command).toBe('error');
    expect(parsed.props.file).toBe(`${s}/Dockerfile`);
    expect(parsed.message).toBe(s);
    expect(Object.keys(parsed.props).sort()).toEqual([
      'col',
      'endColumn',
      'endLine',
      'file',
      'line',
      'title',
    ]);
  });

  test('properties as core emits them; empty ones left out', () => {
    expect(workflowCommand('warning', { file: 'a,b', line: 2, col: undefined, title: '' }, 'msg')).toBe(
      '::warning file=a%2Cb,line=2::msg',
    );
    expect(annotationCommand(finding({ startLine: 2, endLine: 4 }))).toBe(
      "::error title=dockerfile/base-image-latest (high),file=Dockerfile,line=2,endLine=4::Base image 'node' has no tag.",
    );
  });

  test('every finding is emitted, most severe first; past 10 per type are counted as hidden', () => {
    const many = [
      ...Array.from({ length: 12 }, (_, i) => finding({ severity: 'high', startLine: i + 1 })),
      ...Array.from({ length: 3 }, (_, i) => finding({ severity: 'medium', startLine: i + 1 })),
      ...Array.from({ length: 11 }, (_, i) => finding({ severity: 'info', startLine: i + 1 })),
    ];
    const { lines, hidden } = annotationCommands(many);
    expect(lines).toHaveLength(26);
    expect(lines.map((l) => l.slice(2, l.indexOf(' ')))).toEqual([
      ...Array(12).fill('error'),
      ...Array(3).fill('warning'),
      ...Array(11).fill('notice'),
    ]);
    expect(hidden).toBe(3);
  });

  test('stop-commands guard with a random token', () => {
    const token = 'a1b2c3d4e5f6a7b8c9d0';
    expect(guardedLines(['::error::x'], token)).toEqual([
      `::stop-commands::${token}`,
      '::error::x',
      `::${token}::`,
    ]);
    expect(() => guardedLines([], 'short')).toThrow();
  });
});
