import { afterEach, describe, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { parseSyml } from '@yarnpkg/parsers';
import { parsePmConfig } from '../../src/formats/pm-config/parse.js';
import { scanFiles } from '../helpers/rules.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

async function findings(yarnrc: string) {
  const res = await scanFiles({ '.yarnrc.yml': yarnrc });
  roots.push(res.root);
  return res.findings
    .filter((f) => f.ruleId !== 'config/committed-credential')
    .map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      at: `${f.startLine}:${f.startColumn}-${f.endLine}:${f.endColumn}`,
      message: f.message,
      related: (f.related ?? []).map((r) => `${r.span.line}:${r.span.column}-${r.span.endColumn} ${r.label}`),
    }));
}

/** Flattens Yarn's own reading of the file into `key.path -> value` leaves, for comparison. */
function yarnLeaves(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (v: unknown, key: string): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, key === '' ? k : `${key}.${k}`);
    else (out[key] ??= []).push(String(v));
  };
  walk(parseSyml(text), '');
  return out;
}

function ourLeaves(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of parsePmConfig(text, '.yarnrc.yml').settings) (out[s.key] ??= []).push(s.value);
  return out;
}

/**
 * Issue 9 item 9: YAML aliases (`npmRegistryServer: *u`, `enableStrictSsl: *f`) were skipped, so
 * an http or foreign registry and disabled TLS passed; `${VAR:-http://...}` was skipped as an
 * environment reference although Yarn installs from the default whenever VAR is unset.
 */
describe('.yarnrc.yml aliases are resolved as Yarn resolves them', () => {
  const FILE = [
    'npmScopes:',
    '  acme: &scope',
    '    npmRegistryServer: "http://npm.acme.example"',
    '    npmAlwaysAuth: &t true',
    '  other: *scope',
    'npmRegistries:',
    '  "//npm.acme.example":',
    '    enableStrictSsl: &f false',
    'enableStrictSsl: *f',
    'npmRegistryServer: &u https://mirror.evil.example',
    'npmPublishRegistry: *u',
    'enableGlobalCache: false',
    'enableGlobalCache: *t',
    '',
  ].join('\n');

  test('the settings read match @yarnpkg/parsers (parseSyml), the reader Yarn uses', () => {
    expect(ourLeaves(FILE)).toEqual(yarnLeaves(FILE));
    const merge = 'base: &b\n  npmRegistryServer: "http://x.example"\nnpmScopes:\n  acme:\n    <<: *b\n';
    expect(ourLeaves(merge)).toEqual(yarnLeaves(merge));
    const scalars = 'a: ~\nb: 0x10\nc: &k key\n*k : v\nd: no\n';
    expect(ourLeaves(scalars)).toEqual(yarnLeaves(scalars));
  });

  test('findings sit where the value is written, with the alias as a related span', async () => {
    expect(await findings(FILE)).toEqual([
      {
        rule: 'config/registry-override',
        severity: 'high',
        at: '3:25-3:48',
        message:
          'npmScopes.acme.npmRegistryServer sends installs to http://npm.acme.example/ over plain http: anyone on the network path can serve different packages.',
        related: [],
      },
      {
        rule: 'config/registry-override',
        severity: 'high',
        at: '3:25-3:48',
        message:
          'npmScopes.other.npmRegistryServer sends installs to http://npm.acme.example/ over plain http: anyone on the network path can serve different packages.',
        related: ['5:10-16 *scope gives npmScopes.other.npmRegistryServer this value'],
      },
      {
        rule: 'config/tls-disabled',
        severity: 'high',
        at: '8:25-8:30',
        message:
          'enableStrictSsl: false makes Yarn accept any TLS certificate, so installs can be intercepted.',
        related: ['9:18-20 *f gives enableStrictSsl this value'],
      },
      {
        rule: 'config/tls-disabled',
        severity: 'high',
        at: '8:25-8:30',
        message:
          'npmRegistries.//npm.acme.example.enableStrictSsl: false makes Yarn accept any TLS certificate, so installs can be intercepted.',
        related: [],
      },
      {
        rule: 'config/registry-override',
        severity: 'medium',
        at: '10:23-10:50',
        message:
          'npmRegistryServer sends npm installs to mirror.evil.example, which is not in the public registry hosts (registry.npmjs.org, registry.yarnpkg.com).',
        related: [],
      },
    ]);
  });

  test('aliases that expand without end are a blocking parse error, not a partial read', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'npmRegistryServer: "http://late.example"',
      '',
    ].join('\n');
    const got = await findings(bomb);
    expect(got.map((f) => [f.rule, f.severity])).toEqual([['config/parse-error', 'high']]);
  });
});

describe('.yarnrc.yml ${VAR} substitution', () => {
  test('a default is judged as the value Yarn uses when the variable is unset', async () => {
    const file = [
      'npmRegistryServer: "${REG:-http://npm.evil.example}"',
      'enableStrictSsl: ${STRICT:-false}',
      'npmScopes:',
      '  ok:',
      '    npmRegistryServer: "${OK_REG:-https://registry.npmjs.org}"',
      '',
    ].join('\n');
    expect(await findings(file)).toEqual([
      {
        rule: 'config/registry-override',
        severity: 'high',
        at: '1:21-1:52',
        message:
          'npmRegistryServer sends installs to http://npm.evil.example/ over plain http when $REG is unset (the default written here): anyone on the network path can serve different packages.',
        related: [],
      },
      {
        rule: 'config/tls-disabled',
        severity: 'high',
        at: '2:18-2:34',
        message:
          'enableStrictSsl: false when $STRICT is unset (the default written here) makes Yarn accept any TLS certificate, so installs can be intercepted.',
        related: [],
      },
    ]);
  });

  test('without a default the value is unknown: not a pass', async () => {
    const file = [
      'npmRegistryServer: "${REG}"',
      'npmScopes:',
      '  plain:',
      '    npmRegistryServer: "http://${HOST}/npm"',
      '  escaped:',
      '    npmRegistryServer: "https://registry.npmjs.org/\\\\${NOT_A_VAR}"',
      'enableStrictSsl: "${STRICT}"',
      '',
    ].join('\n');
    expect(await findings(file)).toEqual([
      {
        rule: 'config/registry-override',
        severity: 'medium',
        at: '1:21-1:27',
        message:
          'npmRegistryServer takes its registry from $REG, with no default in the file: where installs come from is decided outside the repository and cannot be checked against the allowed hosts.',
        related: [],
      },
      {
        rule: 'config/registry-override',
        severity: 'high',
        at: '4:25-4:43',
        message:
          'npmScopes.plain.npmRegistryServer sends installs over plain http to a host taken from $HOST: anyone on the network path can serve different packages.',
        related: [],
      },
      {
        rule: 'config/tls-disabled',
        severity: 'medium',
        at: '7:19-7:28',
        message:
          'enableStrictSsl is taken from $STRICT, with no default in the file: whether Yarn checks TLS certificates is decided outside the repository.',
        related: [],
      },
    ]);
  });
});
