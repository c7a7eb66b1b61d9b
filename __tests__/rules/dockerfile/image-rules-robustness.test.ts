import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { defaultConfig } from '../../../src/config/schema.js';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { ParseError } from '../../../src/formats/position.js';
import { rule as latest } from '../../../src/rules/dockerfile/base-image-latest.js';
import { rule as unpinned } from '../../../src/rules/dockerfile/base-image-unpinned.js';
import { rule as insecure } from '../../../src/rules/dockerfile/insecure-build-flags.js';
import { rule as addNoChecksum } from '../../../src/rules/dockerfile/remote-add-no-checksum.js';
import { rule as root } from '../../../src/rules/dockerfile/runs-as-root.js';
import { rule as secret } from '../../../src/rules/dockerfile/secret-in-image.js';
import { rule as syntax } from '../../../src/rules/dockerfile/syntax-directive-unpinned.js';
import { rule as registry } from '../../../src/rules/dockerfile/untrusted-registry.js';
import { context } from '../../helpers/rules.js';

const RULES = [latest, unpinned, syntax, registry, addNoChecksum, secret, root, insecure];
const ctx = context('Dockerfile', {
  config: {
    dockerfile: { ...defaultConfig().dockerfile, 'trusted-registries': ['ghcr.io', '*.example.com'] },
  },
});

function runAll(text: string): void {
  let model;
  try {
    model = parseDockerfile(text, 'Dockerfile');
  } catch (e) {
    if (e instanceof ParseError) return;
    throw e;
  }
  for (const r of RULES) r.check!(model, ctx);
}

const piece = fc.constantFrom(
  'FROM ',
  'COPY ',
  'ADD ',
  'RUN ',
  'ENV ',
  'ARG ',
  'USER ',
  'ONBUILD ',
  '--from=',
  '--mount=type=bind,from=',
  '--checksum=',
  '--network=host ',
  '--security=insecure ',
  '--unknown-flag=1 ',
  '${',
  '}',
  '$X',
  ':-',
  '@sha256:',
  'https://',
  '.git#',
  ' AS ',
  '"',
  "'",
  '\\\n',
  '\n',
  '<<EOF\n',
  'EOF\n',
  '=',
  ':',
  '/',
  ' ',
  'root',
  'TOKEN',
  'id_rsa',
  '.npmrc',
  'ghp_',
  '# syntax=',
);

describe('image, stage, variable and secret rules on hostile input', () => {
  it('never throw on random Dockerfile-like text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 60 }), (parts) => {
        runAll('FROM alpine:3\n' + parts.join(''));
      }),
      { numRuns: 300 },
    );
  });

  it('unknown flags never make a file unparseable', () => {
    const text =
      'FROM --platform=linux/amd64 --future=1 alpine:3.19\nCOPY --parents --exclude=*.md --from=nginx:1.25 --whatever /a /b\nADD --unpack=true --keep-git-dir https://example.com/x /x\nRUN --device=foo --network=host curl -fsSL https://example.com\n';
    const model = parseDockerfile(text, 'Dockerfile');
    expect(unpinned.check!(model, ctx).map((h) => h.span.line)).toEqual([1, 2]);
    expect(addNoChecksum.check!(model, ctx).map((h) => h.span.line)).toEqual([3]);
    expect(insecure.check!(model, ctx).map((h) => h.span.line)).toEqual([4]);
  });

  it('stay fast on long lines and many stages', () => {
    const long = 'a'.repeat(200_000);
    const stages = Array.from(
      { length: 500 },
      (_, i) => `FROM s${i - 1 < 0 ? 'alpine:3' : i - 1} AS s${i}\nENV TOKEN_${i}=\${TOKEN_${i - 1}:-x}\n`,
    ).join('');
    const start = Date.now();
    runAll(`FROM alpine:3\nENV PASSWORD=${long}\nADD https://${long} /x\nCOPY --from=${long}:1 /a /b\n`);
    runAll(stages);
    expect(Date.now() - start).toBeLessThan(5000);
  });
});
