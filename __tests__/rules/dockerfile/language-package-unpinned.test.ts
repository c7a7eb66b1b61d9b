import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/language-package-unpinned.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

const run = (text: string) => runRule(rule, parseDockerfile, text, 'Dockerfile');
const F = 'FROM python:3.12-slim\n';
const SHA = '3f2a9c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';

describe('dockerfile/language-package-unpinned', () => {
  const bad: [string, string, Expected[]][] = [
    [
      'pip: a bare name and a range',
      F + "RUN pip install flask 'gunicorn>=22'\n",
      [
        { line: 2, column: 17 },
        { line: 2, column: 23 },
      ],
    ],
    [
      'python -m pip in a multi-line RUN',
      F + 'RUN python3 -m pip install \\\n      --no-cache-dir \\\n      requests\n',
      [{ line: 4, column: 7 }],
    ],
    [
      'npm -g: @latest and a range, scoped',
      'FROM node:20\nRUN npm install -g typescript@latest @angular/cli@^17\n',
      [
        { line: 2, column: 20 },
        { line: 2, column: 38 },
      ],
    ],
    ['npm i -g with no version', 'FROM node:20\nRUN npm i -g yarn\n', [{ line: 2, column: 14 }]],
    ['yarn global add', 'FROM node:20\nRUN yarn global add serve\n', [{ line: 2, column: 21 }]],
    ['pnpm add -g with a major only', 'FROM node:20\nRUN pnpm add -g pnpm@9\n', [{ line: 2, column: 17 }]],
    [
      'gem install without -v',
      'FROM ruby:3.3\nRUN gem install bundler --no-document\n',
      [{ line: 2, column: 17 }],
    ],
    [
      'go install @latest',
      'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@latest\n',
      [{ line: 2, column: 16 }],
    ],
    ['go get without a version', 'FROM golang:1.22\nRUN go get github.com/a/b\n', [{ line: 2, column: 12 }]],
    [
      'cargo install without --version',
      'FROM rust:1.80\nRUN cargo install ripgrep\n',
      [{ line: 2, column: 19 }],
    ],
    [
      'cargo install --version without --locked is low',
      'FROM rust:1.80\nRUN cargo install ripgrep --version 14.1.1\n',
      [{ line: 2, column: 19, severity: 'low' }],
    ],
    [
      'composer global require',
      'FROM php:8.3\nRUN composer global require phpunit/phpunit\n',
      [{ line: 2, column: 29 }],
    ],
    [
      'pipx and uv tool',
      F + 'RUN pipx install poetry && uv tool install ruff@latest\n',
      [
        { line: 2, column: 18 },
        { line: 2, column: 44 },
      ],
    ],
    [
      'installer bootstrap is low',
      F + 'RUN pip install --upgrade pip setuptools wheel\n',
      [
        { line: 2, column: 27, severity: 'low' },
        { line: 2, column: 31, severity: 'low' },
        { line: 2, column: 42, severity: 'low' },
      ],
    ],
    [
      'an unquoted >= is a redirection, so the name is bare',
      F + 'RUN pip3 install numpy>=1.26\n',
      [{ line: 2, column: 18 }],
    ],
    [
      'git URL without a ref; a tag is low',
      F + `RUN pip install git+https://github.com/a/b.git git+https://github.com/a/c.git@v1.0#egg=c\n`,
      [
        { line: 2, column: 17 },
        { line: 2, column: 48, severity: 'low' },
      ],
    ],
    ['uv pip install', F + 'RUN uv pip install --system "httpx<1"\n', [{ line: 2, column: 29 }]],
    [
      'git refs of npm: a tag, a semver range and a short commit are low',
      F + `RUN npm install -g github:a/b#v1.2.3 github:a/c#semver:^1 github:a/d#${SHA.slice(0, 7)}\n`,
      [
        { line: 2, column: 20, severity: 'low' },
        { line: 2, column: 38, severity: 'low' },
        { line: 2, column: 59, severity: 'low' },
      ],
    ],
    ['ONBUILD', 'FROM node:20\nONBUILD RUN npm install -g nodemon\n', [{ line: 2, column: 28 }]],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await run(text))).toEqual(expected);
  });

  it('explains the redirection pitfall', async () => {
    const [hit] = await run(F + 'RUN pip3 install numpy>=1.26\n');
    expect(hit!.message).toContain('shell redirection');
    expect(hit).toMatchObject({ package: 'numpy', evidence: 'numpy', scopeLine: 2 });
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
