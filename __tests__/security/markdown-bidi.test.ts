import { describe, expect, test } from '@jest/globals';
import { annotationCommand, toCheckAnnotation } from '../../src/report/annotations.js';
import { codeSpan, renderMessage } from '../../src/report/escape.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { summarize } from '../../src/report/summary.js';
import { finding } from '../action/fixtures.js';

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('bidirectional controls from scanned files are shown, not obeyed', () => {
  test('renderMessage and codeSpan name them', () => {
    expect(renderMessage('a\u202eb')).toBe('a\\<U+202E\\>b');
    expect(codeSpan('a\u2066b')).toBe('<code>a&lt;U+2066&gt;b</code>');
  });

  test('a whole summary with a reversed path and message has none left', () => {
    const f = finding({
      path: 'bidi\u202eelif/Dockerfile',
      message: "Base image 'img\u202e:latest\u2069' has no tag.",
      severity: 'medium',
    });
    const md = renderMarkdown([f], summarize([f], 'high', 1));
    expect(md).not.toMatch(BIDI);
    // Shown by name: in prose with `<` escaped, in a code span as is.
    expect(md).toContain('`bidi<U+202E>elif/Dockerfile`');
    expect(md).toContain("'img\\<U+202E\\>:latest\\<U+2069\\>'");
  });

  test('annotation messages and details name them; the file path stays exact so it still attaches', () => {
    const f = finding({
      path: 'a\u202eb/Dockerfile',
      message: "Base image 'img\u202e:latest' has no tag.",
      evidence: 'FROM img\u2066',
      severity: 'high',
    });
    const a = toCheckAnnotation(f);
    expect(a.message).not.toMatch(BIDI);
    expect(a.raw_details).toBe('Evidence: FROM img<U+2066>');
    expect(a.path).toBe('a\u202eb/Dockerfile');
    const cmd = annotationCommand(f);
    expect(cmd.slice(cmd.lastIndexOf('::') + 2)).not.toMatch(BIDI);
  });
});
