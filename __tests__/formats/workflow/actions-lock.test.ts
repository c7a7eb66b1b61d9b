import { describe, expect, it } from '@jest/globals';
import { lockLocation, parseActionsLock } from '../../../src/formats/workflow/actions-lock.js';

const SHA = '93cb6efe18208431cddfb8368fd83d5badbf9bfd';
const lock = (version: string, commit = `sha1-${SHA}`) =>
  [
    `version: '${version}'`,
    'workflows:',
    "    '.github/workflows/test.yml':",
    "        - 'actions/checkout@v5.0.1'",
    'dependencies:',
    "    'actions/checkout@v5.0.1':",
    "        ref: 'v5.0.1'",
    `        commit: '${commit}'`,
    '',
  ].join('\n');

describe('actions.lock', () => {
  it('pins the listed uses of the listed workflow, by exact text', () => {
    const l = parseActionsLock(lock('v0.0.2'))!;
    expect(l.pins('.github/workflows/test.yml', 'actions/checkout@v5.0.1')).toBe(true);
    expect(l.pins('.github/workflows/test.yml', 'actions/checkout@v5')).toBe(false);
    expect(l.pins('.github/workflows/other.yml', 'actions/checkout@v5.0.1')).toBe(false);
    expect(
      parseActionsLock(lock('v0.0.2', 'sha256-' + 'a'.repeat(64)))!.pins(
        '.github/workflows/test.yml',
        'actions/checkout@v5.0.1',
      ),
    ).toBe(true);
  });

  it('covers nothing when it is not a lockfile this reader knows', () => {
    expect(parseActionsLock(lock('v9'))).toBeUndefined();
    expect(parseActionsLock('workflows: [\n')).toBeUndefined();
    expect(parseActionsLock(`${lock('v0.0.2')}x: &a [1]\ny: *a\n`)).toBeUndefined();
    expect(
      parseActionsLock(lock('v0.0.2', SHA))!.pins('.github/workflows/test.yml', 'actions/checkout@v5.0.1'),
    ).toBe(false);
    expect(parseActionsLock('#'.repeat((1 << 20) + 1))).toBeUndefined();
  });

  it('finds the lockfile beside the workflow, relative to the folder holding .github', () => {
    expect(lockLocation('.github/workflows/ci.yml')).toEqual({
      lockPath: '.github/workflows/actions.lock',
      key: '.github/workflows/ci.yml',
    });
    expect(lockLocation('svc/.github/workflows/ci.yml')).toEqual({
      lockPath: 'svc/.github/workflows/actions.lock',
      key: '.github/workflows/ci.yml',
    });
    expect(lockLocation('x.github/workflows/ci.yml')).toBeUndefined();
    expect(lockLocation('tools/action.yml')).toBeUndefined();
  });
});
