import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/lockfile-not-enforced.js';
import { positions, runRule, type Expected } from '../../helpers/rules.js';

const run = (text: string, files?: Record<string, string>) =>
  runRule(rule, parseDockerfile, text, 'services/api/Dockerfile', { files });
const N = 'FROM node:20\n';
const P = 'FROM python:3.12\n';
const R = 'FROM ruby:3.3\n';

describe('dockerfile/lockfile-not-enforced', () => {
  const bad: [string, string, Expected[]][] = [
    [
      'npm install without packages',
      N + 'COPY package*.json ./\nRUN npm install\n',
      [{ line: 3, column: 9 }],
    ],
    ['npm i with flags', N + 'RUN npm i --omit=dev\n', [{ line: 2, column: 9 }]],
    [
      'yarn install and bare yarn',
      N + 'RUN yarn install --production && yarn\n',
      [
        { line: 2, column: 10 },
        { line: 2, column: 34 },
      ],
    ],
    ['pnpm install', N + 'RUN pnpm install --prod\n', [{ line: 2, column: 10 }]],
    [
      'pnpm --frozen-lockfile=false',
      N + 'RUN pnpm install --frozen-lockfile=false\n',
      [{ line: 2, column: 10 }],
    ],
    [
      'pip -r without hashes, in a multi-line RUN',
      P + 'RUN pip install --no-cache-dir \\\n    -r requirements.txt\n',
      [{ line: 3, column: 5 }],
    ],
    [
      'pip --requirement',
      P + 'RUN python -m pip install --requirement /tmp/req.txt\n',
      [{ line: 2, column: 27 }],
    ],
    [
      'bundle install',
      R + 'COPY Gemfile Gemfile.lock ./\nRUN bundle install --jobs 4\n',
      [{ line: 3, column: 12 }],
    ],
    [
      'bundle frozen in another stage does not count',
      R + 'RUN bundle config set frozen true\nFROM ruby:3.3\nRUN bundle install\n',
      [{ line: 4, column: 12 }],
    ],
    ['uv sync', P + 'RUN uv sync --no-dev\n', [{ line: 2, column: 8 }]],
    ['pipenv install', P + 'RUN pipenv install --system\n', [{ line: 2, column: 12 }]],
    ['bun install', 'FROM oven/bun:1\nRUN bun install\n', [{ line: 2, column: 9 }]],
    ['ONBUILD', N + 'ONBUILD RUN npm install && npm cache clean\n', [{ line: 2, column: 17 }]],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await run(text))).toEqual(expected);
  });

  it('suggests npm ci', async () => {
    const [hit] = await run(N + 'RUN npm install\n');
    expect(hit!.fix).toContain('npm ci');
    expect(hit).toMatchObject({ evidence: 'install', scopeLine: 2 });
  });

  const good: [string, string, Record<string, string>?][] = [
    ['npm ci', N + 'RUN npm ci && npm ci --omit=dev\n'],
    ['npm install of named packages (the pinning rule)', N + 'RUN npm install -g pnpm@9.1.0\n'],
    [
      'yarn frozen forms',
      N + 'RUN yarn install --immutable && yarn install --frozen-lockfile && yarn --version\n',
    ],
    ['yarn immutable by environment', N + 'ENV YARN_ENABLE_IMMUTABLE_INSTALLS=true\nRUN yarn install\n'],
    ['yarn scripts', N + 'RUN yarn build && yarn run test\n'],
    ['pnpm frozen', N + 'RUN pnpm install --frozen-lockfile\n'],
    ['pnpm in CI mode', N + 'ENV CI=true\nRUN pnpm install\n'],
    ['pip with --require-hashes after -r', P + 'RUN pip install -r requirements.txt --require-hashes\n'],
    ['pip with PIP_REQUIRE_HASHES', P + 'ENV PIP_REQUIRE_HASHES=1\nRUN pip install -r requirements.txt\n'],
    [
      'a requirements file with hashes next to the Dockerfile',
      P + 'COPY requirements.txt /tmp/\nRUN pip install -r /tmp/requirements.txt\n',
      { 'services/api/requirements.txt': 'flask==3.0.3 \\\n    --hash=sha256:' + 'a'.repeat(64) + '\n' },
    ],
    ['BUNDLE_FROZEN in ENV', R + 'ENV BUNDLE_FROZEN=true\nRUN bundle install\n'],
    [
      'bundle config set earlier in the stage',
      R + "RUN bundle config set --local frozen 'true'\nRUN bundle install\n",
    ],
    [
      'bundle config --global frozen 1 in the same RUN',
      R + 'RUN bundle config --global frozen 1 && bundle install\n',
    ],
    [
      'bundle deployment flag and inline env',
      R + 'RUN bundle install --deployment && BUNDLE_DEPLOYMENT=1 bundle install\n',
    ],
    [
      'bundle config from a parent stage',
      'FROM ruby:3.3 AS base\nRUN bundle config set deployment true\nFROM base\nRUN bundle install\n',
    ],
    ['uv sync --locked', P + 'RUN uv sync --locked && UV_FROZEN=1 uv sync\n'],
    ['pipenv deploy', P + 'RUN pipenv install --deploy --system && pipenv sync\n'],
    ['composer install uses composer.lock', 'FROM php:8.3\nRUN composer install --no-dev\n'],
  ];
  // A rest parameter keeps the callback's arity at 2, so jest does not take it for a `done` callback.
  it.each(good)('accepts %s', async (_name, text, ...files) => {
    expect(await run(text, files[0])).toEqual([]);
  });
});
