/**
 * Issue 18: every network answer the online checks parse (OSV querybatch, OSV vulns, npm
 * packuments), made hostile by a loopback server. Each must end in bounded time, as a finding
 * (`intel/unavailable`, failing closed) or as escaped findings, with every channel clean.
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIntel } from '../../src/intel/index.js';
import { channels } from './channels.js';
import { PAYLOAD } from './cases.js';
import { build, cleanup } from './harness.js';

afterAll(cleanup);

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body: string | Buffer;
  /** Sends the headers and then nothing (a server that stalls). */
  stall?: boolean;
}

interface NetCase {
  name: string;
  batch?: Answer;
  vuln?: Answer;
  packument?: Answer;
  /** `required` makes a failed look-up critical. */
  online?: 'true' | 'required';
  /** With `--fail-on critical`, so only a critical finding blocks. */
  exit: 0 | 1;
  /** Exactly these findings, `rule line:column severity` (all on package-lock.json). */
  findings: string[];
}

const INTEGRITY = 'sha512-' + 'A'.repeat(86) + '==';
const ok = (v: unknown): Answer => ({ body: JSON.stringify(v) });
const BATCH_HIT = ok({ results: [{ vulns: [{ id: 'GHSA-hostile', modified: '2026-01-01T00:00:00Z' }] }] });

function vuln(fields: Record<string, unknown>): Answer {
  return ok({
    id: 'GHSA-hostile',
    modified: '2026-01-01T00:00:00Z',
    summary: 'x',
    affected: [{ package: { ecosystem: 'npm', name: 'ms' }, versions: ['2.1.3'] }],
    ...fields,
  });
}

function packument(fields: Record<string, unknown> = {}): Answer {
  return ok({
    name: 'ms',
    'dist-tags': { latest: '2.1.3' },
    versions: { '2.1.3': { name: 'ms', version: '2.1.3', dist: { integrity: INTEGRITY } } },
    time: { '2.1.3': '2020-01-01T00:00:00.000Z' },
    ...fields,
  });
}

/** `intel/unavailable` at the first package entry: one per service that failed. */
const UNAVAILABLE = 'intel/unavailable 11:19 medium';
const UNAVAILABLE_OSV = UNAVAILABLE;
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

const CASES: NetCase[] = [
  { name: 'sane answers: no finding', exit: 0, findings: [] },
  { name: 'OSV batch: not JSON', batch: { body: '<html>oops</html>' }, exit: 0, findings: [UNAVAILABLE_OSV] },
  {
    name: 'OSV batch: JSON 100,000 deep',
    batch: { body: `{"results":${deep(100_000)}}` },
    exit: 0,
    findings: [UNAVAILABLE_OSV],
  },
  {
    name: 'OSV batch: results of the wrong shape',
    batch: ok({ results: 'x' }),
    exit: 0,
    findings: [UNAVAILABLE_OSV],
  },
  {
    name: 'OSV batch: more results than queries',
    batch: ok({ results: [{}, {}, {}] }),
    exit: 0,
    findings: [UNAVAILABLE_OSV],
  },
  {
    name: 'OSV batch: body over the cap',
    batch: { body: Buffer.alloc(2 << 20, 0x20) },
    exit: 0,
    findings: [UNAVAILABLE_OSV],
  },
  {
    name: 'OSV batch: 500 every time',
    batch: { status: 500, body: '{}' },
    exit: 0,
    findings: [UNAVAILABLE_OSV],
  },
  {
    name: 'OSV batch: 429 with a Retry-After of a year',
    batch: { status: 429, headers: { 'retry-after': '31536000' }, body: '{}' },
    exit: 0,
    findings: [UNAVAILABLE_OSV],
  },
  {
    name: 'OSV batch: a redirect to another host',
    batch: { status: 302, headers: { location: 'http://127.0.0.2:9/v1/querybatch' }, body: '' },
    exit: 0,
    findings: [UNAVAILABLE_OSV],
  },
  {
    name: 'OSV batch: a stalled answer (timeout)',
    batch: { stall: true, body: '' },
    exit: 0,
    findings: [UNAVAILABLE_OSV],
  },
  {
    name: 'OSV batch: failure under online: required blocks',
    batch: { body: 'nope' },
    online: 'required',
    exit: 1,
    findings: ['intel/unavailable 11:19 critical'],
  },
  {
    name: 'OSV vuln: payload in id, summary and details',
    batch: ok({ results: [{ vulns: [{ id: PAYLOAD, modified: '2026-01-01T00:00:00Z' }] }] }),
    vuln: vuln({ id: PAYLOAD, summary: PAYLOAD, details: PAYLOAD, aliases: [PAYLOAD] }),
    exit: 0,
    findings: [UNAVAILABLE_OSV],
  },
  {
    name: 'OSV vuln: payload in summary with a sane id',
    batch: BATCH_HIT,
    vuln: vuln({
      summary: PAYLOAD,
      details: PAYLOAD,
      references: [{ type: 'WEB', url: `javascript:alert(1)//${PAYLOAD}` }],
    }),
    exit: 0,
    findings: ['lockfile/vulnerable-dependency 11:19 medium'],
  },
  {
    name: 'OSV vuln: huge numbers and a broken CVSS vector',
    batch: BATCH_HIT,
    // Raw JSON: 1e999 parses to Infinity, and JSON.stringify would have written null.
    vuln: {
      body: `{"id":"GHSA-hostile","modified":"2026-01-01T00:00:00Z","summary":"x","affected":[{"package":{"ecosystem":"npm","name":"ms"},"versions":["2.1.3"]}],"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:1e999"}],"database_specific":{"severity":1e999,"cvss_score":-1e999}}`,
    },
    exit: 0,
    findings: ['lockfile/vulnerable-dependency 11:19 medium'],
  },
  {
    name: 'OSV vuln: affected ranges nested 10,000 deep',
    batch: BATCH_HIT,
    vuln: { body: `{"id":"GHSA-hostile","modified":"2026-01-01T00:00:00Z","affected":${deep(10_000)}}` },
    exit: 0,
    findings: [UNAVAILABLE_OSV],
  },
  {
    name: 'OSV vuln: not JSON',
    batch: BATCH_HIT,
    vuln: { body: '\u0000\u0001' },
    exit: 0,
    findings: [UNAVAILABLE_OSV],
  },
  {
    name: 'OSV vuln: __proto__ and constructor keys',
    batch: BATCH_HIT,
    vuln: {
      body: `{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"id":"GHSA-hostile","modified":"2026-01-01T00:00:00Z","summary":"x","affected":[{"package":{"ecosystem":"npm","name":"ms"},"versions":["2.1.3"]}]}`,
    },
    exit: 0,
    findings: ['lockfile/vulnerable-dependency 11:19 medium'],
  },
  { name: 'npm packument: not JSON', packument: { body: '<html>' }, exit: 0, findings: [UNAVAILABLE] },
  {
    name: 'npm packument: JSON 100,000 deep',
    packument: { body: `{"versions":${deep(100_000)}}` },
    exit: 0,
    findings: [UNAVAILABLE],
  },
  {
    name: 'npm packument: body over the cap',
    packument: { body: Buffer.alloc(2 << 20, 0x20) },
    exit: 0,
    findings: [UNAVAILABLE],
  },
  {
    name: 'npm packument: payload in versions, times and integrity',
    packument: packument({
      versions: {
        '2.1.3': { name: PAYLOAD, version: PAYLOAD, dist: { integrity: PAYLOAD }, deprecated: PAYLOAD },
      },
      time: { '2.1.3': PAYLOAD, [PAYLOAD]: PAYLOAD },
    }),
    exit: 0,
    findings: ['lockfile/deprecated 11:19 low'],
  },
  {
    name: 'npm packument: huge numbers and wrong types',
    packument: {
      body: `{"name":"ms","versions":{"2.1.3":{"dist":{"integrity":1e999}}},"time":{"2.1.3":-1e999}}`,
    },
    exit: 0,
    findings: [],
  },
  {
    name: 'npm packument: __proto__ versions',
    packument: {
      body: `{"name":"ms","versions":{"__proto__":{"dist":{"integrity":"x"}},"2.1.3":{"dist":{"integrity":"${INTEGRITY}"}}}}`,
    },
    exit: 0,
    findings: [],
  },
  {
    name: 'npm packument: 404',
    packument: { status: 404, body: '{"error":"Not found"}' },
    exit: 0,
    findings: ['lockfile/unknown-version 11:19 high'],
  },
];

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (s) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

function send(res: ServerResponse, a: Answer): void {
  res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
  if (a.stall) return;
  res.end(a.body);
}

async function serve(c: NetCase): Promise<string> {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '';
      if (req.method === 'POST' && path === '/v1/querybatch')
        return send(res, c.batch ?? ok({ results: [{}] }));
      if (path.startsWith('/v1/vulns/')) return send(res, c.vuln ?? { status: 404, body: '{}' });
      if (path === '/ms') return send(res, c.packument ?? packument());
      send(res, { status: 404, body: '{}' });
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  test('bounded, fails closed, every channel clean', async () => {
    const url = await serve(c);
    const lock = JSON.stringify(
      {
        name: 'app',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', dependencies: { ms: '2.1.3' } },
          'node_modules/ms': { version: '2.1.3', resolved: `${url}/ms/-/ms-2.1.3.tgz`, integrity: INTEGRITY },
        },
      },
      null,
      2,
    );
    const config = `online: ${c.online ?? 'true'}\nintel:\n  osv-url: ${url}\n  npm-registry-url: ${url}\n  timeout-ms: 500\n`;
    const root = build({ files: { 'package-lock.json': lock, '.bulkhead.yml': config } });
    const intel = async (s: Parameters<typeof createIntel>[0]) =>
      createIntel(s, { backoffMs: 1, retries: 1, maxBytes: 1 << 20, maxRetryAfterMs: 1000 });
    const t = performance.now();
    const r = await channels(root, ['--fail-on', 'critical'], intel);
    expect(performance.now() - t).toBeLessThan(20_000);
    const all = r.findings!.map((f) => `${f.ruleId} ${f.startLine}:${f.startColumn} ${f.severity}`);
    // Offline rules on this lockfile flag only the loopback URL itself (plain http, unknown host).
    const online = all.filter((f) => !/^lockfile\/(untrusted-host|insecure-transport) /.test(f));
    console.log(
      c.name,
      r.code,
      JSON.stringify(online),
      JSON.stringify(r.findings!.map((f) => f.message)).slice(0, 600),
    );
    expect(online).toEqual(c.findings);
    expect(r.code).toBe(c.exit);
  }, 60_000);
});
