import { describe, expect, test } from '@jest/globals';
import { readSettings } from '../../src/github/inputs.js';

const WS = '/home/runner/work/app/app';

function settings(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  return readSettings((name) => inputs[name] ?? '', { GITHUB_WORKSPACE: WS, ...env });
}

describe('readSettings', () => {
  test('online: required is passed on as is', () => {
    expect(settings({ online: 'required' }).online).toBe('required');
    expect(settings({ online: 'TRUE' }).online).toBe(true);
    expect(settings({}).online).toBeUndefined();
  });

  test('defaults: config-file keys stay undefined so .bulkhead.yml decides', () => {
    expect(settings({ 'github-token': 't' })).toEqual({
      workspace: WS,
      scanPath: WS,
      report: 'auto',
      annotations: true,
      checkRun: true,
      checkName: 'Bulkhead',
      jobSummary: true,
      prComment: 'off',
      suggestions: false,
      token: 't',
    });
  });

  test('every input parsed', () => {
    expect(
      settings(
        {
          path: 'services/api',
          config: 'ci/bulkhead.yml',
          'fail-on': 'medium',
          report: 'changed-files',
          annotations: 'false',
          'check-run': 'False',
          'check-name': 'Supply chain',
          'job-summary': 'TRUE',
          'sarif-file': '/tmp/runner/results.sarif',
          'pr-comment': 'on-findings',
          suggestions: 'on',
          online: 'false',
          'github-token': '',
        },
        { RUNNER_TEMP: '/tmp/runner' },
      ),
    ).toEqual({
      workspace: WS,
      scanPath: `${WS}/services/api`,
      configPath: `${WS}/ci/bulkhead.yml`,
      failOn: 'medium',
      report: 'changed-files',
      annotations: false,
      checkRun: false,
      checkName: 'Supply chain',
      jobSummary: true,
      sarifFile: '/tmp/runner/results.sarif',
      prComment: 'on-findings',
      suggestions: true,
      online: false,
      token: '',
    });
  });

  test.each([
    [
      { 'fail-on': 'severe' },
      `input 'fail-on': expected critical, high, medium, low, info or never (got "severe")`,
    ],
    [{ report: 'diff' }, `input 'report': expected one of auto, new, changed-files, all (got "diff")`],
    [{ annotations: 'yes' }, `input 'annotations': expected true or false (got "yes")`],
    [{ online: 'always' }, `input 'online': expected true, false or required (got "always")`],
    [{ 'pr-comment': 'true' }, `input 'pr-comment': expected one of off, on-findings, always (got "true")`],
    [{ suggestions: 'true' }, `input 'suggestions': expected one of off, on (got "true")`],
    [{ path: '../other-repo' }, `input 'path': path must stay inside the workspace`],
    [{ path: '/etc' }, `input 'path': path must stay inside the workspace`],
    [{ config: '../../.bulkhead.yml' }, `input 'config': path must stay inside the workspace`],
    [{ 'sarif-file': '/etc/cron.d/x' }, `input 'sarif-file': path must stay inside the workspace`],
    [{ 'check-name': 'a\nb' }, `input 'check-name'`],
  ])('%j is a configuration error', (inputs, message) => {
    expect(() => settings(inputs)).toThrow(message);
  });
});
