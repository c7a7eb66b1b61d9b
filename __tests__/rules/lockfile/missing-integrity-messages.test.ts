// lockfile/missing-integrity says what the lockfile's own package manager does (issue 11, defect 10):
// a requirements.txt is not fixed with `npm install`, and a requirement with no version at all is a
// finding of its own, not folded into "fetched by version".
import { describe, expect, it } from '@jest/globals';
import { rule } from '../../../src/rules/lockfile/missing-integrity.js';
import { runRule } from '../../helpers/rules.js';
import { npmLock, parse, reg } from './fixtures.js';

const H = 'a'.repeat(64);
const run = async (text: string, path: string) =>
  (await runRule(rule, parse, text, path)).map((h) => [
    h.span.line,
    h.span.column,
    h.severity ?? rule.severity,
    h.message,
    h.fix,
  ]);

const PIP_FIX =
  'To lock content, add `--hash=sha256:<digest>` to every requirement (`pip-compile --generate-hashes` or `uv pip compile --generate-hashes` writes them); with hashes present pip runs in `--require-hashes` mode and refuses any download that does not match.';
const BARE_FIX =
  'Pin an exact version with its hash (`name==<version> --hash=sha256:<digest>`); `pip-compile --generate-hashes` or `uv pip compile --generate-hashes` writes both from a requirements.in.';

describe('lockfile/missing-integrity: fix and findings per format', () => {
  it('a requirements.txt URL without a hash is fixed with pip hashes, not npm', async () => {
    expect(
      await run(
        `django==4.2.1 --hash=sha256:${H}\nhttps://files.example/a-1.0-py3-none-any.whl\n`,
        'requirements.txt',
      ),
    ).toEqual([
      [
        2,
        1,
        'high',
        'a is downloaded from a URL without an integrity hash, so whatever bytes the server returns are installed.',
        PIP_FIX,
      ],
    ]);
  });

  it('a requirement with no version at all is its own finding, beside the unhashed pins', async () => {
    expect(
      await run(`django==4.2.1 --hash=sha256:${H}\nrequests\nflask==3.0.0\n`, 'requirements.txt'),
    ).toEqual([
      [
        2,
        1,
        'medium',
        "'requests' names no version at all, so pip installs whatever release the index calls newest at build time, with no hash to check it against.",
        BARE_FIX,
      ],
      [
        3,
        1,
        'medium',
        'flask@3.0.0 has neither a download URL nor an integrity hash: it is fetched by version from the configured registry and installed unverified.',
        PIP_FIX,
      ],
    ]);
  });

  it('several bare requirements in a file with no hash: one finding for them, one for the file', async () => {
    const hits = await run('requests\nflask>=2\nnumpy\n', 'requirements.txt');
    expect(hits.map((h) => [h[0], h[1], h[2], h[3]])).toEqual([
      [
        1,
        1,
        'medium',
        '2 requirements (requests, numpy) name no version at all, so pip installs whatever release the index calls newest at build time, with no hash to check it against.',
      ],
      [
        1,
        1,
        'medium',
        'None of the 3 packages in this lockfile carries a hash, so installs accept whatever bytes the index serves.',
      ],
    ]);
  });

  it('ranges and exact pins are not "no version at all"', async () => {
    const hits = await run(
      `requests>=2.31 --hash=sha256:${H}\nflask==3.0.0 --hash=sha256:${H}\n`,
      'requirements.txt',
    );
    expect(hits).toEqual([]);
  });

  it('package-lock.json keeps the npm wording', async () => {
    const hits = await run(npmLock({ 'node_modules/ms': reg('ms', '2.1.3', null) }), 'package-lock.json');
    expect(hits.map((h) => h[4])).toEqual([
      'To lock content, delete the entries (or `node_modules` and the lockfile) and run `npm install` with a current npm, which writes `integrity` for every registry package.',
    ]);
  });
});
