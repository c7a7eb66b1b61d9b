// The online phase at scale: one package-lock.json of 5,000 packages against a loopback OSV stub
// that answers every request after 50 ms; every 50th package has one advisory of its own. Prints
// the requests made (the bound: ceil(n/1000) batches + one per distinct advisory) and wall time.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/config/schema.js';
import { createIntel } from '../src/intel/index.js';
import { scan } from '../src/scan/engine.js';
import { REGISTRY_RULES } from '../src/scan/online.js';

const N = 5000;
const LATENCY_MS = 50;
const EVERY = 50;

export async function benchOnline(): Promise<string> {
  let requests = 0;
  /** When the last OSV answer went out (ms since the run's start): how long OSV waited. */
  let osvDoneAt = 0;
  let runStart = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url?.startsWith('/v1/')) osvDoneAt = performance.now() - runStart;
        if (req.url?.startsWith('/pypi/')) {
          // A PyPI project document: the locked version's one file, its digest and an old upload.
          const name = req.url.slice('/pypi/'.length, -'/json'.length);
          res.end(
            JSON.stringify({
              info: { name, version: '1.0.0' },
              last_serial: 1,
              releases: {
                '1.0.0': [
                  {
                    filename: `${name}-1.0.0.tar.gz`,
                    digests: { sha256: 'a'.repeat(64) },
                    upload_time_iso_8601: '2020-01-01T00:00:00.000000Z',
                    yanked: false,
                    yanked_reason: null,
                  },
                ],
              },
              urls: [],
            }),
          );
        } else if (req.url?.startsWith('/pkg-')) {
          // A packument of the npm registry's shape: the locked version, its hash, an old date.
          const name = req.url.slice(1);
          res.end(
            JSON.stringify({
              _id: name,
              name,
              'dist-tags': { latest: '1.0.0' },
              versions: {
                '1.0.0': {
                  name,
                  version: '1.0.0',
                  dist: {
                    integrity: `sha512-${'A'.repeat(86)}==`,
                    tarball: `https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz`,
                  },
                },
              },
              time: { created: '2020-01-01T00:00:00.000Z', '1.0.0': '2020-01-01T00:00:00.000Z' },
            }),
          );
        } else if (req.url === '/v1/querybatch') {
          const { queries } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            queries: { package: { name: string } }[];
          };
          const results = queries.map((q) => {
            const i = Number(q.package.name.slice(4));
            return i % EVERY === 0
              ? { vulns: [{ id: `GHSA-bench-${i}`, modified: '2026-01-01T00:00:00Z' }] }
              : {};
          });
          res.end(JSON.stringify({ results }));
        } else {
          const id = decodeURIComponent((req.url ?? '').slice('/v1/vulns/'.length));
          const name = `pkg-${id.slice('GHSA-bench-'.length)}`;
          res.end(
            JSON.stringify({
              id,
              modified: '2026-01-01T00:00:00Z',
              summary: 'bench advisory',
              severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' }],
              affected: [
                {
                  package: { ecosystem: 'npm', name },
                  ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.1' }] }],
                },
              ],
            }),
          );
        }
      }, LATENCY_MS);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const root = mkdtempSync(join(tmpdir(), 'bulkhead-bench-online-'));
  try {
    const entries = Array.from(
      { length: N },
      (_, i) =>
        `    "node_modules/pkg-${i}": { "version": "1.0.0", "resolved": "https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.0.0.tgz", "integrity": "sha512-${'A'.repeat(86)}==" }`,
    );
    writeFileSync(
      join(root, 'package-lock.json'),
      `{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": {\n    "": { "name": "app" },\n${entries.join(',\n')}\n  }\n}\n`,
    );
    const base = defaultConfig();
    // OSV only: the npm registry rules (one packument GET per name) are measured apart, and the
    // registry URL points at the stub anyway so nothing leaves loopback.
    const config = {
      ...base,
      // Every rule that reads packuments or PyPI documents (six since the npmreg2 merge).
      rules: { ...base.rules, ...Object.fromEntries(REGISTRY_RULES.map((id) => [id, 'off' as const])) },
      intel: { ...base.intel, 'osv-url': url, 'npm-registry-url': url },
    };
    const intel = createIntel(config.intel);
    const t = performance.now();
    const res = await scan({ root, paths: [root], config, intel });
    const ms = performance.now() - t;
    const vulns = res.findings.filter((f) => f.ruleId === 'lockfile/vulnerable-dependency').length;
    const bound = Math.ceil(N / 1000) + N / EVERY;
    // The npm registry rules on: one packument per name on top (the registry has no batch call).
    const osvRequests = requests;
    requests = 0;
    const withNpm = {
      ...config,
      rules: base.rules,
      lockfile: { ...base.lockfile, 'min-release-age': '3d' },
    };
    const t2 = performance.now();
    runStart = t2;
    const res2 = await scan({ root, paths: [root], config: withNpm, intel: createIntel(withNpm.intel) });
    const ms2 = performance.now() - t2;
    const osvDone2 = osvDoneAt;
    const npmRequests = requests;
    // Registries in a wider pool of their own (intel.registry-concurrency 32).
    const wide = { ...withNpm, intel: { ...withNpm.intel, 'registry-concurrency': 32 } };
    const t3 = performance.now();
    await scan({ root, paths: [root], config: wide, intel: createIntel(wide.intel) });
    const ms3 = performance.now() - t3;
    // PyPI: a requirements file of 5,000 hashed pins, one project document per name.
    const py = mkdtempSync(join(tmpdir(), 'bulkhead-bench-pypi-'));
    let ms4 = 0;
    let pypiRequests = 0;
    let pypiFindings = 0;
    try {
      writeFileSync(
        join(py, 'requirements.txt'),
        Array.from({ length: N }, (_, i) => `pkg-${i}==1.0.0 --hash=sha256:${'a'.repeat(64)}\n`).join(''),
      );
      const withPypi = {
        ...withNpm,
        intel: { ...base.intel, 'osv-url': url, 'pypi-url': url },
      };
      requests = 0;
      const t4 = performance.now();
      const res4 = await scan({
        root: py,
        paths: [py],
        config: withPypi,
        intel: createIntel(withPypi.intel),
      });
      ms4 = performance.now() - t4;
      pypiRequests = requests;
      pypiFindings = res4.findings.filter((f) =>
        [
          'lockfile/integrity-mismatch',
          'lockfile/unknown-version',
          'lockfile/release-too-new',
          'lockfile/deprecated',
          'intel/unavailable',
        ].includes(f.ruleId),
      ).length;
    } finally {
      rmSync(py, { recursive: true, force: true });
    }
    const npmFindings = res2.findings.filter((f) =>
      [
        'lockfile/integrity-mismatch',
        'lockfile/unknown-version',
        'lockfile/release-too-new',
        'intel/unavailable',
      ].includes(f.ruleId),
    ).length;
    return [
      `online: ${N} packages, stub latency ${LATENCY_MS} ms, concurrency ${config.intel.concurrency}`,
      `  requests ${osvRequests} (bound ${bound}: ${Math.ceil(N / 1000)} batches + ${N / EVERY} advisories), wall ${ms.toFixed(0)} ms (target < 3000), ${vulns} vulnerable-dependency findings`,
      `  with the npm registry rules: requests ${npmRequests} (bound ${bound + N}: + ${N} packuments), wall ${ms2.toFixed(0)} ms (OSV done at ${osvDone2.toFixed(0)} ms: registries have their own pool), ${npmFindings} registry findings`,
      `  the same with intel.registry-concurrency 32: wall ${ms3.toFixed(0)} ms`,
      `  PyPI: requirements.txt of ${N} hashed pins: requests ${pypiRequests} (bound ${bound + N}: + ${N} project documents), wall ${ms4.toFixed(0)} ms, ${pypiFindings} PyPI findings`,
    ].join('\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
    server.close();
  }
}
