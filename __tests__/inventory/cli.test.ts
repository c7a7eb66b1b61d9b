import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main, type CliIo } from '../../src/cli/main.js';
import { renderInventoryMarkdown, renderInventoryText } from '../../src/report/inventory.js';
import { summarizeInventory, type Inventory } from '../../src/inventory/index.js';
import { FILES, validateBom, writeTree } from './fixtures.js';

async function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env, cwd };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const TABLE = [
  'Build inputs by pin grade:',
  '  base images                   2: 1 locked, 1 unknown',
  '  COPY --from / mount images    1: 1 floating',
  '  syntax frontends              1: 1 floating',
  '  downloads                     3: 1 locked, 2 unpinned',
  '  git sources                   1: 1 locked',
  '  OS packages                   2: 1 exact, 1 unpinned',
  '  language packages (RUN, run:) 4: 2 exact, 2 unpinned',
  '  lockfile packages             2: 1 locked, 1 floating',
  '  actions                       2: 1 locked, 1 floating',
  '  reusable workflows            1: 1 floating',
  '  job containers and services   3: 1 locked, 1 exact, 1 floating',
  '  all build inputs             22: 6 locked, 4 exact, 6 floating, 5 unpinned, 1 unknown',
  '',
].join('\n');

describe('bulkhead inventory', () => {
  let root: string;
  let done: () => void;
  beforeAll(() => {
    ({ root, done } = writeTree(FILES));
  });
  afterAll(() => done());

  it('prints the table by kind and grade, exit 0 whatever the findings', async () => {
    const r = await run(['inventory', '.'], root);
    expect(r).toEqual({ code: 0, stdout: TABLE, stderr: '' });
  });

  it('--format json gives the same counts and every input', async () => {
    const r = await run(['inventory', '-f', 'json'], root);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as {
      version: number;
      summary: { total: object };
      inputs: Inventory['inputs'];
    };
    expect(data.version).toBe(1);
    expect(data.summary.total).toEqual({
      total: 22,
      locked: 6,
      exact: 4,
      floating: 6,
      unpinned: 5,
      unknown: 1,
    });
    expect(data.inputs).toHaveLength(22);
    expect(renderInventoryText(summarizeInventory({ inputs: data.inputs }))).toBe(TABLE);
  });

  it('--format cyclonedx gives a valid BOM; -o writes it to a file', async () => {
    const r = await run(['inventory', '--format', 'cyclonedx', '-o', 'bom.json'], root, {
      SOURCE_DATE_EPOCH: '0',
    });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const json = readFileSync(join(root, 'bom.json'), 'utf8');
    expect(await validateBom(json)).toBeNull();
    expect(JSON.parse(json).metadata.timestamp).toBe('1970-01-01T00:00:00Z');
  });

  it('refuses the findings formats', async () => {
    const r = await run(['inventory', '-f', 'sarif'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bulkhead: --format: expected one of text, json, cyclonedx (got "sarif")\n');
  });

  it('scan --format cyclonedx prints the BOM and keeps the exit code of the findings', async () => {
    const r = await run(['scan', '--offline', '-f', 'cyclonedx'], root);
    expect(r.code).toBe(1);
    expect(await validateBom(r.stdout)).toBeNull();
    expect(JSON.parse(r.stdout).components).toHaveLength(22);
  });

  it('scan ends the text report with the same table', async () => {
    const r = await run(['scan', '--offline', '--fail-on', 'never'], root);
    expect(r.stdout.endsWith(`.\n\n${TABLE}`)).toBe(true);
  });

  it('the markdown table has one column per grade', () => {
    expect(existsSync(root)).toBe(true);
    const md = renderInventoryMarkdown({
      byKind: [
        {
          kind: 'base-image',
          label: 'base images',
          counts: { total: 14, locked: 9, exact: 0, floating: 5, unpinned: 0, unknown: 0 },
        },
      ],
      total: { total: 14, locked: 9, exact: 0, floating: 5, unpinned: 0, unknown: 0 },
    });
    expect(md).toContain(
      '| Build input | Total | locked | exact | floating | unpinned | unknown |\n|---|--:|--:|--:|--:|--:|--:|\n' +
        '| base images | 14 | 9 |  | 5 |  |  |\n| **all** | 14 | 9 |  | 5 |  |  |\n',
    );
    expect(
      renderInventoryMarkdown({
        byKind: [],
        total: { total: 0, locked: 0, exact: 0, floating: 0, unpinned: 0, unknown: 0 },
      }),
    ).toBe('### Build inputs\n\nNo build inputs found.\n');
  });
});
