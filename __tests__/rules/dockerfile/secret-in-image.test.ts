import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/secret-in-image.js';
import { isSecretName } from '../../../src/secrets/index.js';
import { positions, runRule } from '../../helpers/rules.js';

const F = 'FROM node:20\n';
const GHP = 'ghp_' + 'A1b2C3d4E5'.repeat(3) + 'xYz123';
const NPM = 'npm_' + 'Q'.repeat(36);

type Row = [string, string, { line: number; column: number; severity?: string }[]];

describe('dockerfile/secret-in-image', () => {
  const bad: Row[] = [
    ['GitHub token in ENV (value span)', F + `ENV GITHUB_TOKEN=${GHP}\n`, [{ line: 2, column: 18 }]],
    ['token format under an innocent name', F + `ENV X=${NPM}\n`, [{ line: 2, column: 7 }]],
    ['AWS access key id', F + 'ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n', [{ line: 2, column: 23 }]],
    [
      'private key in an ARG default',
      F + 'ARG K="-----BEGIN OPENSSH PRIVATE KEY-----"\n',
      [{ line: 2, column: 7 }],
    ],
    ['password literal', F + 'ENV DB_PASSWORD=s3cr3t-Pa55\n', [{ line: 2, column: 17 }]],
    ['legacy ENV form', F + 'ENV MYSQL_ROOT_PASSWORD s3cr3t-Pa55\n', [{ line: 2, column: 25 }]],
    [
      'default-looking password is medium',
      F + 'ENV POSTGRES_PASSWORD=postgres\n',
      [{ line: 2, column: 23, severity: 'medium' }],
    ],
    [
      'URL with a password',
      F + 'ENV PIP_INDEX_URL=https://bob:hunter2@pypi.example.com/simple\n',
      [{ line: 2, column: 19 }],
    ],
    [
      'build arg named like a secret (name only)',
      F + 'ARG NPM_TOKEN\n',
      [{ line: 2, column: 5, severity: 'medium' }],
    ],
    ['camelCase secret name', F + 'ARG npmAuthToken\n', [{ line: 2, column: 5, severity: 'medium' }]],
    ['COPY of an SSH key', F + 'COPY id_rsa /root/.ssh/id_rsa\n', [{ line: 2, column: 6 }]],
    [
      'COPY of .npmrc is medium',
      F + 'COPY .npmrc package.json ./\n',
      [{ line: 2, column: 6, severity: 'medium' }],
    ],
    [
      'ADD of docker config',
      F + 'ADD --chown=1:1 home/.docker/config.json /root/.docker/\n',
      [{ line: 2, column: 17 }],
    ],
    ['.env.production', F + 'COPY .env.production /app/\n', [{ line: 2, column: 6, severity: 'medium' }]],
    [
      'npm config set _authToken',
      F + 'RUN npm config set //registry.npmjs.org/:_authToken ${NPM_TOKEN}\n',
      [{ line: 2, column: 20 }],
    ],
    [
      'token written into .npmrc on a continuation line',
      F +
        'RUN npm ci && \\\n    echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc && \\\n    npm ci\n',
      [{ line: 3, column: 60 }],
    ],
    [
      'aws configure set',
      F + 'RUN aws configure set aws_secret_access_key "$KEY"\n',
      [{ line: 2, column: 23 }],
    ],
    [
      'literal token on a RUN line',
      F + `RUN git clone https://${GHP}@github.com/acme/private.git\n`,
      [{ line: 2, column: 15 }],
    ],
    [
      'builder stage counts less when the final image copies nothing from it',
      'FROM node:20 AS deps\nCOPY .npmrc ./\nFROM node:20-slim\nCOPY --from=other /app /app\n',
      [{ line: 2, column: 6, severity: 'low' }],
    ],
    [
      'builder stage whose files the final image copies counts fully',
      'FROM node:20 AS deps\nCOPY .npmrc ./\nFROM node:20-slim\nCOPY --from=deps /app /app\n',
      [{ line: 2, column: 6, severity: 'medium' }],
    ],
    [
      'COPY heredoc writing a token into .npmrc',
      F + 'COPY <<EOF /root/.npmrc\n//registry.npmjs.org/:_authToken=abc123\nEOF\n',
      [{ line: 2, column: 12 }],
    ],
    ['ONBUILD ENV', F + 'ONBUILD ENV API_KEY=9f8e7d6c5b4a39281706f5e4d3c2b1a0\n', [{ line: 2, column: 21 }]],
    // Audit 2026-11.
    [
      'ENV copies a secret-named build argument',
      F + 'ARG DB_PASSWORD\nENV DB_PASSWORD=${DB_PASSWORD}\n',
      [
        { line: 2, column: 5, severity: 'medium' },
        { line: 3, column: 17, severity: 'medium' },
      ],
    ],
    [
      'secret-named ENV copies a build argument',
      F + 'ARG T\nENV API_TOKEN=$T\n',
      [{ line: 3, column: 15, severity: 'medium' }],
    ],
    [
      'chpasswd with a literal password',
      F + 'RUN useradd app && echo "app:s3cret" | chpasswd\n',
      [{ line: 2, column: 40, severity: 'medium' }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await runRule(rule, parseDockerfile, text, 'Dockerfile'))).toEqual(expected);
  });

  const good: [string, string][] = [
    ['_FILE name', F + 'ENV NPM_TOKEN_FILE=/run/secrets/x\n'],
    ['${VAR} reference', F + 'ENV NPM_TOKEN=${NPM_TOKEN}\n'],
    ['empty ENV value', F + 'ENV PASSWORD=""\n'],
    ['version names', F + 'ARG AUTH_MODULE_VERSION=1.2.3\nENV SECRET_VERSION=4\n'],
    [
      'public keys and GPG fingerprints',
      F +
        'ENV PUBLIC_KEY=MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\nENV GPG_KEY=0D96DF4D4110E5C43FBFB17F2D347EA6AA65421D\n',
    ],
    [
      'alias, mode, path, method',
      F +
        'ENV KMS_KEY_ALIAS=alias/app RACKULA_AUTH_MODE=none PRIVATE_KEY_PATH=/keys/k.pem POSTGRES_HOST_AUTH_METHOD=trust\n',
    ],
    ['SESSION_SECRET_FILE', F + 'ENV SESSION_SECRET_FILE=/run/secrets/session\n'],
    ['look-alike names', F + 'ENV TOKENIZERS_PARALLELISM=false SSH_AUTH_SOCK=/ssh-agent\n'],
    ['URL without credentials', F + 'ENV PIP_INDEX_URL=https://pypi.example.com/simple\n'],
    ['boolean value', F + 'ENV BASIC_AUTH=false\n'],
    ['global ARG used only in FROM', 'ARG REGISTRY_TOKEN\nFROM node:20\n'],
    ['secret mount', F + 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n'],
    [
      'npm config set under a secret mount',
      F +
        'RUN --mount=type=secret,id=tok NPM_TOKEN="$(cat /run/secrets/tok)" npm config set //r.example.com/:_authToken "$NPM_TOKEN"\n',
    ],
    [
      'token file removed in the same RUN',
      F + 'RUN echo "//r.example.com/:_authToken=${T}" > .npmrc && npm ci && rm -f .npmrc\n',
    ],
    ['.npmrc without a token', F + 'RUN echo "registry=https://r.example.com/" > /root/.npmrc\n'],
    ['COPY heredoc of a plain .npmrc', F + 'COPY <<EOF /root/.npmrc\nregistry=https://r.example.com/\nEOF\n'],
    ['example env file and public key file', F + 'COPY .env.example id_rsa.pub ./\n'],
    ['a directory named like a secret file is still matched only by name', F + 'COPY config/ /app/config/\n'],
    [
      'PASSWORD_PROMPT_STRING (BuildKit #5775)',
      F + 'ENV PASSWORD_PROMPT_STRING="Password:" TOKEN_REGEX="^[a-z]+$"\n',
    ],
    ['chpasswd fed from a variable', F + 'RUN echo "app:${PASS}" | chpasswd\n'],
    ["ONBUILD ENV reads the child build's ARG", F + 'ONBUILD ENV GH_TOKEN=$TOKEN\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await runRule(rule, parseDockerfile, text, 'Dockerfile')).toEqual([]);
  });

  it('never puts the secret value into message, evidence or fix', async () => {
    const texts = [
      F + `ENV GITHUB_TOKEN=${GHP}\n`,
      F + 'ENV DB_PASSWORD=s3cr3t-Pa55\n',
      F + 'ENV PIP_INDEX_URL=https://bob:hunter2@pypi.example.com/simple\n',
      F + `RUN curl -H "Authorization: token ${GHP}" https://api.github.com/\n`,
    ];
    for (const t of texts) {
      const hits = await runRule(rule, parseDockerfile, t, 'Dockerfile');
      expect(hits.length).toBeGreaterThan(0);
      for (const h of hits) {
        const all = `${h.message} ${h.evidence ?? ''} ${h.fix ?? ''}`;
        for (const secret of [GHP, 's3cr3t-Pa55', 'hunter2']) expect(all).not.toContain(secret);
      }
    }
  });

  it.each([
    ['DB_PASSWORD', true],
    ['openai_api_key', true],
    ['my_password', true],
    ['CLIENT_SECRET', true],
    ['DB_PASS', true],
    ['SECRET_KEY_BASE', true],
    ['PASSWORD_FILE', false],
    ['SESSION_SECRET_FILE', false],
    ['GPG_KEYS', false],
    ['PWD', false],
    ['AWS_ACCESS_KEY_ID', false],
    ['KEYCLOAK_VERSION', false],
  ] as [string, boolean][])('isSecretName(%s) = %s', (name, expected) => {
    expect(isSecretName(name)).toBe(expected);
  });
});
