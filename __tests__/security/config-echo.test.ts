import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main, type CliIo } from '../../src/cli/main.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigurationError } from '../../src/errors.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-cfg-echo-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

async function scan(cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
    env: {},
    cwd,
  };
  const code = await main(['scan', '.'], io);
  return { code, stdout, stderr };
}

function error(text: string): string {
  try {
    parseConfig(text, '.bulkhead.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

const SECRET = 'ghp_' + 'Z'.repeat(36);

/** Issue 9, item 12: a config error quotes the key and a masked value, never the file's text. */
describe('config errors do not echo the config text', () => {
  test('.bulkhead.yml linked to another workspace file is refused, naming the path only (exit 2)', async () => {
    const ws = tree({ 'build/token.env': `${SECRET}\n`, Dockerfile: 'FROM a\n' });
    symlinkSync(join(ws, 'build/token.env'), join(ws, '.bulkhead.yml'));
    expect(await scan(ws)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'bulkhead: .bulkhead.yml: config file is a symbolic link; not followed\n',
    });
  });

  test('a dangling link is refused too, not skipped for the next config name', async () => {
    const ws = tree({ '.bulkhead.yaml': 'fail-on: never\n', Dockerfile: 'FROM a\n' });
    symlinkSync(join(ws, 'gone.yml'), join(ws, '.bulkhead.yml'));
    const r = await scan(ws);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bulkhead: cannot read config file .*\.bulkhead\.yml: ENOENT/);
    expect(r.stderr).not.toContain('never');
  });

  test('a file that is not a config: the error gives its kind and size only', async () => {
    const ws = tree({ '.bulkhead.yml': `${SECRET}\n`, Dockerfile: 'FROM a\n' });
    expect(await scan(ws)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'bulkhead: .bulkhead.yml: expected a mapping of config keys, got a string of 40 characters\n',
    });
  });

  test.each([
    [
      `fail-on: ${SECRET}`,
      `'fail-on': Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"|"never" (got a string of 40 characters)`,
    ],
    [`online: [${SECRET}, x]`, `'online': expected true, false or required (got a list of 2 items)`],
    [
      `paths: { include: { a: ${SECRET} } }`,
      `'paths.include': Invalid input: expected array, received object (got a mapping)`,
    ],
    [
      `ignore: [{rule: ${SECRET}, reason: x}]`,
      `'ignore.0.rule': expected a rule id like 'dockerfile/base-image-latest' (got a string of 40 characters)`,
    ],
    [`x: !${SECRET} 1`, "unknown key 'x'"],
    [`x: |${SECRET}\n  a`, '1:5: invalid YAML: Block scalar header includes extra characters'],
  ])('%s', (text, message) => {
    const got = error(text);
    expect(got).not.toContain('ZZZZ');
    expect(got).toBe(message.startsWith('1:') ? `.bulkhead.yml:${message}` : `.bulkhead.yml: ${message}`);
  });

  test('a key is shown, bounded and without control characters', () => {
    expect(error(`"${'k'.repeat(100)}\\u0007": 1`)).toBe(`.bulkhead.yml: unknown key '${'k'.repeat(59)}…'`);
    expect(error('"a\\nb": 1')).toBe(".bulkhead.yml: unknown key 'a?b'");
  });
});
