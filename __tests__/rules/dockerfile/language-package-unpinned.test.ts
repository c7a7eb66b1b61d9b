import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/language-package-unpinned.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

const run = (text: string) => runRule(rule, parseDockerfile, text, 'Dockerfile');
const F = 'FROM python:3.12-slim\n';
const SHA = '3f2a9c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';

describe('dockerfile/language-package-unpinned', () => {
  // One finding per install command, at the command words; each floating package is a related
  // span (line, column, label). Packages from a variable are one finding at the expansion.
  type Rel = [number, number, string];
  const bad: [string, string, Expected[], Rel[][]][] = [
    [
      'pip: a bare name and a range',
      F + "RUN pip install flask 'gunicorn>=22'\n",
      [{ line: 2, column: 5 }],
      [
        [
          [2, 17, 'flask'],
          [2, 23, 'gunicorn>=22'],
        ],
      ],
    ],
    [
      'python -m pip in a multi-line RUN',
      F + 'RUN python3 -m pip install \\\n      --no-cache-dir \\\n      requests\n',
      [{ line: 2, column: 16 }],
      [[[4, 7, 'requests']]],
    ],
    [
      'npm -g: @latest and a range, scoped',
      'FROM node:20\nRUN npm install -g typescript@latest @angular/cli@^17\n',
      [{ line: 2, column: 5 }],
      [
        [
          [2, 20, 'typescript@latest'],
          [2, 38, '@angular/cli@^17'],
        ],
      ],
    ],
    [
      'npm i -g with no version',
      'FROM node:20\nRUN npm i -g yarn\n',
      [{ line: 2, column: 5 }],
      [[[2, 14, 'yarn']]],
    ],
    [
      'yarn global add',
      'FROM node:20\nRUN yarn global add serve\n',
      [{ line: 2, column: 5 }],
      [[[2, 21, 'serve']]],
    ],
    [
      'pnpm add -g with a major only',
      'FROM node:20\nRUN pnpm add -g pnpm@9\n',
      [{ line: 2, column: 5 }],
      [[[2, 17, 'pnpm@9']]],
    ],
    [
      'gem install without -v',
      'FROM ruby:3.3\nRUN gem install bundler --no-document\n',
      [{ line: 2, column: 5 }],
      [[[2, 17, 'bundler']]],
    ],
    [
      'go install @latest',
      'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@latest\n',
      [{ line: 2, column: 5 }],
      [[[2, 16, 'golang.org/x/tools/gopls@latest']]],
    ],
    [
      'go get without a version',
      'FROM golang:1.22\nRUN go get github.com/a/b\n',
      [{ line: 2, column: 5 }],
      [[[2, 12, 'github.com/a/b']]],
    ],
    [
      'cargo install without --version',
      'FROM rust:1.80\nRUN cargo install ripgrep\n',
      [{ line: 2, column: 5 }],
      [[[2, 19, 'ripgrep']]],
    ],
    [
      'cargo install --version without --locked is low',
      'FROM rust:1.80\nRUN cargo install ripgrep --version 14.1.1\n',
      [{ line: 2, column: 5, severity: 'low' }],
      [[[2, 19, 'ripgrep']]],
    ],
    [
      'composer global require',
      'FROM php:8.3\nRUN composer global require phpunit/phpunit\n',
      [{ line: 2, column: 5 }],
      [[[2, 29, 'phpunit/phpunit']]],
    ],
    [
      'pipx and uv tool: two commands, two findings',
      F + 'RUN pipx install poetry && uv tool install ruff@latest\n',
      [
        { line: 2, column: 5 },
        { line: 2, column: 28 },
      ],
      [[[2, 18, 'poetry']], [[2, 44, 'ruff@latest']]],
    ],
    [
      'installer bootstrap alone is one low finding',
      F + 'RUN pip install --upgrade pip setuptools wheel\n',
      [{ line: 2, column: 5, severity: 'low' }],
      [
        [
          [2, 27, 'pip'],
          [2, 31, 'setuptools'],
          [2, 42, 'wheel'],
        ],
      ],
    ],
    [
      'bootstrap together with an application package takes the higher severity',
      F + 'RUN pip install -U pip flask\n',
      [{ line: 2, column: 5 }],
      [
        [
          [2, 20, 'pip'],
          [2, 24, 'flask'],
        ],
      ],
    ],
    [
      'an unquoted >= is a redirection, so the name is bare',
      F + 'RUN pip3 install numpy>=1.26\n',
      [{ line: 2, column: 5 }],
      [[[2, 18, 'numpy']]],
    ],
    [
      'git URL without a ref is medium even beside a tag',
      F + `RUN pip install git+https://github.com/a/b.git git+https://github.com/a/c.git@v1.0#egg=c\n`,
      [{ line: 2, column: 5 }],
      [
        [
          [2, 17, 'git+https://github.com/a/b.git'],
          [2, 48, 'git+https://github.com/a/c.git@v1.0#egg=c'],
        ],
      ],
    ],
    [
      'uv pip install',
      F + 'RUN uv pip install --system "httpx<1"\n',
      [{ line: 2, column: 5 }],
      [[[2, 29, 'httpx<1']]],
    ],
    [
      'git refs of npm: a tag, a semver range and a short commit are low',
      F + `RUN npm install -g github:a/b#v1.2.3 github:a/c#semver:^1 github:a/d#${SHA.slice(0, 7)}\n`,
      [{ line: 2, column: 5, severity: 'low' }],
      [
        [
          [2, 20, 'github:a/b#v1.2.3'],
          [2, 38, 'github:a/c#semver:^1'],
          [2, 59, `github:a/d#${SHA.slice(0, 7)}`],
        ],
      ],
    ],
    [
      'ONBUILD',
      'FROM node:20\nONBUILD RUN npm install -g nodemon\n',
      [{ line: 2, column: 13 }],
      [[[2, 28, 'nodemon']]],
    ],
    [
      'packages from an ENV: one finding at the expansion, the ENV line related',
      F + 'ENV PKGS="flask gunicorn>=22"\nRUN pip install $PKGS\n',
      [{ line: 3, column: 17 }],
      [[[2, 5, 'PKGS defined here']]],
    ],
    [
      'a variable beside written packages: one finding each, the command and the expansion',
      'FROM node:20\nARG TOOLS="eslint prettier"\nRUN npm install -g typescript ${TOOLS}\n',
      [
        { line: 3, column: 5 },
        { line: 3, column: 31 },
      ],
      [[[3, 20, 'typescript']], [[2, 5, 'TOOLS defined here']]],
    ],
    [
      'a variable set earlier in the same RUN',
      F + 'RUN PKGS="black isort"; pip install $PKGS\n',
      [{ line: 2, column: 37 }],
      [[[2, 5, 'PKGS defined here']]],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected, related) => {
    const hits = await run(text);
    expect(positions(hits)).toEqual(expected);
    const sorted = [...hits].sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    expect(sorted.map((h) => (h.related ?? []).map((r) => [r.span.line, r.span.column, r.label]))).toEqual(
      related,
    );
  });

  it('names every package of a group; one package keeps its name for ignores', async () => {
    const [one] = await run(F + 'RUN pip3 install numpy>=1.26\n');
    expect(one!.message).toContain('shell redirection');
    expect(one).toMatchObject({ package: 'numpy', evidence: 'pip install numpy', scopeLine: 2 });
    const [two] = await run(F + "RUN pip install flask 'gunicorn>=22'\n");
    expect(two!.package).toBeUndefined();
    expect(two!.message).toBe(
      "`pip install` installs 2 packages without an exact version: 'flask', 'gunicorn>=22' (range '>=22'); the versions that get built can change without any change here.",
    );
    expect(two!.fix).toBe('Pin an exact version for each: flask==<version>.');
  });

  it('a variable group names the variable, its packages and where to pin them', async () => {
    const [hit] = await run(F + 'ENV PKGS="flask gunicorn>=22"\nRUN pip install $PKGS\n');
    expect(hit!.message).toContain("installs 2 packages from `$PKGS` without an exact version: 'flask'");
    expect(hit!.evidence).toBe('pip install $PKGS: flask gunicorn>=22');
    expect(hit!.fix).toContain('where PKGS is defined');
    expect(hit!.related![0]!.span).toEqual({ line: 2, column: 5, endLine: 2, endColumn: 30 });
  });

  it('the evidence names what the group covers, so one more package makes a new fingerprint', async () => {
    const [a] = await run(F + 'RUN pip install flask gunicorn\n');
    const [b] = await run(F + 'RUN pip install \\\n  gunicorn \\\n  flask\n');
    const [c] = await run(F + 'RUN pip install flask gunicorn celery\n');
    expect(a!.evidence).toBe('pip install flask gunicorn');
    expect(b!.evidence).toBe(a!.evidence);
    expect(c!.evidence).toBe('pip install celery flask gunicorn');
  });

  it('names the exact pinned form in the fix', async () => {
    const [hit] = await run('FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@latest\n');
    expect(hit!.fix).toBe('Pin an exact version: golang.org/x/tools/gopls@v<x.y.z>.');
    expect(hit!.package).toBe('golang.org/x/tools/gopls@latest');
  });

  const good: [string, string][] = [
    ['pinned pip', F + "RUN pip install flask==3.0.3 'gunicorn[gevent]==22.0.0' --upgrade pip==24.2\n"],
    [
      'requirements and constraints files',
      F + 'RUN pip install -r requirements.txt && pip install -c constraints.txt apache-airflow\n',
    ],
    [
      'local project, editable, wheel',
      F + 'RUN pip install . && pip install -e . && pip install dist/app-1.0-py3-none-any.whl\n',
    ],
    ['hash-checking mode', F + 'RUN pip install --require-hashes -r requirements.txt\n'],
    [
      'git URL at a full commit',
      F + `RUN pip install --no-deps -e git+https://github.com/a/b.git@${SHA}#egg=b\n`,
    ],
    [
      'git URLs at a SHA-256 commit or a Berry-style commit fragment',
      F +
        `RUN pip install git+https://github.com/a/b.git@${'e'.repeat(64)}#egg=b && npm i -g github:a/c#${SHA}&path=pkg\n`,
    ],
    ['pipx with a pinned spec', F + 'RUN pipx install --python "$(which python)" "poetry==1.8.5"\n'],
    ['npm ci', 'FROM node:20\nRUN npm ci --omit=dev\n'],
    [
      'npm exact',
      'FROM node:20\nRUN npm install --save-exact pkg@1.2.3 && npm install -g @scope/tool@2.0.1\n',
    ],
    ['npm without packages is the lockfile rule', 'FROM node:20\nRUN npm install\n'],
    ['npm tarball and local paths', 'FROM node:20\nRUN npm i /tmp/playwright-core.tar.gz ./packages/x\n'],
    [
      'version from an unknown variable',
      'FROM node:20\nARG ESLINT_VERSION\nRUN npm install -g eslint@$ESLINT_VERSION\n',
    ],
    [
      'go install pinned, local, module-resolved',
      'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@v0.15.3 ./cmd/... tool && go install example.com/m\n',
    ],
    [
      'go run pinned, program args ignored',
      'FROM golang:1.22\nRUN go run example.com/gen@v1.2.3 --out x latest\n',
    ],
    ['gem pinned', 'FROM ruby:3.3\nRUN gem install bundler -v 2.5.6 && gem install rake:13.2.1\n'],
    ['cargo pinned and locked', 'FROM rust:1.80\nRUN cargo install ripgrep --version 14.1.1 --locked\n'],
    ['composer pinned', 'FROM php:8.3\nRUN composer global require phpunit/phpunit:10.5.1\n'],
    ['yarn install is the lockfile rule', 'FROM node:20\nRUN yarn install --immutable\n'],
    ['packages in a variable', F + 'ARG PKGS\nRUN pip install $PKGS\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await run(text)).toEqual([]);
  });
});
