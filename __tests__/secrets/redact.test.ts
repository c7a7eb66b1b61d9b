import { describe, expect, test } from '@jest/globals';
import {
  findUrlCredentials,
  maskSecret,
  redactSecrets,
  startsWithReference,
} from '../../src/secrets/index.js';
import { SAMPLES } from './samples.js';

const GH = SAMPLES[0]!.value;
const JWT = SAMPLES.find((s) => s.name === 'JWT')!.value;

describe('masking policy', () => {
  test.each([
    [GH, 'ghp_…'],
    [SAMPLES.find((s) => s.name === 'Anthropic key')!.value, 'sk-ant-…'],
    ['S3cretPassw0rd', '***'],
    ['hunter2', '***'],
    ['p', '***'],
  ])('maskSecret(%s) = %s', (v, out) => {
    expect(maskSecret(v)).toBe(out);
  });

  test.each([
    '$TOKEN',
    '${NPM_TOKEN}',
    '${NPM_TOKEN:-}',
    '$(cat /run/secrets/t)',
    '%TOKEN%',
    '{{ .Token }}',
    '"$PASS"',
    '${{ secrets.GH }}',
  ])('%s is a reference', (v) => {
    expect(startsWithReference(v)).toBe(true);
  });

  test.each(['S3cret', '$', '$1abc', '%notref', 'pre$VAR'])('%s is not a reference', (v) => {
    expect(startsWithReference(v)).toBe(false);
  });

  test('redacting twice changes nothing', () => {
    const s = `curl -u admin:S3cret -H "Authorization: Bearer ${JWT}" https://u:${GH}@h.example/x?token=abc123 ${GH}`;
    const once = redactSecrets(s);
    expect(once).toBe(
      'curl -u admin:*** -H "Authorization: Bearer eyJ…" https://u:ghp_…@h.example/x?token=*** ghp_…',
    );
    expect(redactSecrets(once)).toBe(once);
  });
});

describe('URL userinfo', () => {
  test.each([
    ['https://user:S3cret@h.example/x', 'https://user:***@h.example/x'],
    ['https://user:p@ss@word@h.example/x', 'https://user:***@h.example/x'],
    [`https://x-access-token:${GH}@github.com/o/r`, 'https://x-access-token:ghp_…@github.com/o/r'],
    [`git clone https://${GH}@github.com/o/r`, 'git clone https://ghp_…@github.com/o/r'],
    ['https://a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0@github.com/o/r', 'https://***@github.com/o/r'],
    [
      'pip --index-url https://__token__:Pw0rdPw0rd@pypi.example/simple',
      'pip --index-url https://__token__:***@pypi.example/simple',
    ],
    [
      '"https://u:S3cret@h.example" and http://v:Tw0@i.example/',
      '"https://u:***@h.example" and http://v:***@i.example/',
    ],
    ['https://u:S3cret@h.example?x=1#f', 'https://u:***@h.example?x=1#f'],
  ])('%s', (input, out) => {
    expect(redactSecrets(input)).toBe(out);
  });

  test.each([
    'git+ssh://git@github.com/o/r.git#abc',
    'https://user@host.example/x',
    'https://x-access-token@github.com/o/r',
    'https://u:${TOKEN}@h.example/x',
    'https://u:$TOKEN@h.example/x',
    'https://${USER}:${PASS}@h.example/x',
    'https://registry.npmjs.org/@scope/pkg/-/pkg-1.0.0.tgz',
    'a@1.0.0 https://h.example/a@1.0.0',
    'https://h.example:8443/x',
  ])('leaves %s alone', (s) => {
    expect(redactSecrets(s)).toBe(s);
  });

  test('a committed registry URL counts any user name', () => {
    const v = 'https://deploy@npm.example/';
    expect(findUrlCredentials(v)).toEqual([]);
    expect(findUrlCredentials(v, 'all')).toEqual([{ start: 8, end: 14, part: 'user' }]);
    expect(findUrlCredentials('x https://u:a@b@h/', 'all')).toEqual([
      { start: 12, end: 15, part: 'password' },
    ]);
  });
});

describe('auth headers', () => {
  test.each([
    [`-H "Authorization: Bearer ${JWT}"`, '-H "Authorization: Bearer eyJ…"'],
    ['-H "authorization: bearer abc.def-ghi"', '-H "authorization: bearer ***"'],
    ['-H "Authorization: Basic dXNlcjpwYXNz"', '-H "Authorization: Basic ***"'],
    [`--header "Authorization: token ${GH}"`, '--header "Authorization: token ghp_…"'],
    ['-H "Authorization: AbCdEf123456"', '-H "Authorization: ***"'],
    ['-H "X-API-Key: k3y-v4lue" https://h', '-H "X-API-Key: ***" https://h'],
    ["-H 'X-JFrog-Art-Api: AKCp8abc123' x", "-H 'X-JFrog-Art-Api: ***' x"],
    ['--header PRIVATE-TOKEN:abc123def https://gl', '--header PRIVATE-TOKEN:*** https://gl'],
    ["-H 'Cookie: session=abc; csrftoken=def' u", "-H 'Cookie: ***' u"],
    ['{"Authorization": "Bearer abc123def456"}', '{"Authorization": "Bearer ***"}'],
    ['Proxy-Authorization: Basic QWxhZGRpbjpvcGVu', 'Proxy-Authorization: Basic ***'],
    ['npmAuthToken: "s3cr3tValue"', 'npmAuthToken: "***"'],
    ['curl --oauth2-bearer Zq7Rk2Vw9Tn4Lp8Xc3 https://h', 'curl --oauth2-bearer *** https://h'],
    ['echo Bearer Zq7Rk2Vw9Tn4Lp8Xc3Hb6 >x', 'echo Bearer *** >x'],
  ])('%s', (input, out) => {
    expect(redactSecrets(input)).toBe(out);
  });

  test.each([
    '-H "Authorization: Bearer $TOKEN"',
    '-H "Authorization: Bearer ${GITHUB_TOKEN}"',
    '-H "Authorization: token $(cat /run/secrets/gh)"',
    '-H "PRIVATE-TOKEN: ${CI_JOB_TOKEN}"',
    'The Bearer token is sent in the Authorization header.',
    'Bearer authentication; a Bearer scheme',
    '-H "Accept: application/json" -H "Content-Type: text/plain"',
    'https://x-access-token:${T}@github.com',
  ])('leaves %s alone', (s) => {
    expect(redactSecrets(s)).toBe(s);
  });
});

describe('name=value secrets', () => {
  test.each([
    ['https://h.example/f?token=abc123&x=1', 'https://h.example/f?token=***&x=1'],
    ['https://h.example/cb#access_token=abc123&state=1', 'https://h.example/cb#access_token=***&state=1'],
    [
      'https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2030&sig=AbC%2Bd%3D',
      'https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2030&sig=***',
    ],
    ['https://h/x?X-Amz-Signature=f00ba4&X-Amz-Date=1', 'https://h/x?X-Amz-Signature=***&X-Amz-Date=1'],
    ['password=hunter2 user=me', 'password=*** user=me'],
    ['api_key=Zq7Rk2 next', 'api_key=*** next'],
    ['//registry.npmjs.org/:_authToken=abc123def', '//registry.npmjs.org/:_authToken=***'],
    ['//npm.example/:_auth=dXNlcjpwYXNz', '//npm.example/:_auth=***'],
    ['_password="cGFzcw=="', '_password="***"'],
    ['ENV DB_PASSWORD=s3cret APP=1', 'ENV DB_PASSWORD=*** APP=1'],
    ['wget --password=S3cret http://h/x', 'wget --password=*** http://h/x'],
    [`GITHUB_TOKEN=${GH}`, 'GITHUB_TOKEN=ghp_…'],
    [
      'kubectl create secret generic x --from-literal=password=Pw1',
      'kubectl create secret generic x --from-literal=password=***',
    ],
  ])('%s', (input, out) => {
    expect(redactSecrets(input)).toBe(out);
  });

  test.each([
    '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
    'NPM_TOKEN=$NPM_TOKEN',
    'TOKEN=$(cat /run/secrets/token)',
    'PASSWORD_AUTH=true',
    'TOKEN_URL=https://h.example/token',
    'PASSWORD_FILE=/run/secrets/pw',
    'GPG_KEY=0123456789ABCDEF',
    'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
    'docker build --secret id=npm,src=.npmrc .',
    'keyring==24.3.0 secretstorage==3.3.3',
    'https://h.example/x?key=value&page=2',
    'sha256=0123456789abcdef',
  ])('leaves %s alone', (s) => {
    expect(redactSecrets(s)).toBe(s);
  });
});

describe('command flags', () => {
  test.each([
    ['curl -u admin:S3cretPassw0rd http://h/c.sh', 'curl -u admin:*** http://h/c.sh'],
    ['curl --user admin:S3cret http://h', 'curl --user admin:*** http://h'],
    ['curl --user=admin:S3cret http://h', 'curl --user=admin:*** http://h'],
    ['curl -uadmin:S3cret http://h', 'curl -uadmin:*** http://h'],
    ['curl -u "admin:S3 cret" http://h', 'curl -u "admin:***" http://h'],
    ['curl --proxy-user me:Pr0xy -x p http://h', 'curl --proxy-user me:*** -x p http://h'],
    ['wget --password S3cret http://h', 'wget --password *** http://h'],
    ['cli --api-key Zq7Rk2 --token "abc def" x', 'cli --api-key *** --token "***" x'],
    ['docker login -u me -p S3cret registry.example', 'docker login -u me -p *** registry.example'],
    ['podman login --username me -p S3cret r', 'podman login --username me -p *** r'],
    ['mysql -uroot -pS3cret db', 'mysql -uroot -p*** db'],
  ])('%s', (input, out) => {
    expect(redactSecrets(input)).toBe(out);
  });

  test.each([
    'curl -u "$USER:$PASS" http://h',
    'curl -u ${USER}:${PASS} http://h',
    'curl -u ${USER:-me}:${PASS} http://h',
    'curl -u me http://h',
    'docker run -u 1000:1000 img',
    'chown -R 1000:1000 /app && useradd -u 1000 app',
    'pip install --user requests',
    'echo $PW | docker login --password-stdin -u me registry.example',
    'mkdir -p /app/data && tar -xpf x.tgz',
    'psql -p 5432 -U postgres',
    'find . -path ./x -prune -print',
    'createuser --no-password app',
    'wget --password-file=/run/secrets/pw http://h',
    'docker login -p "$REGISTRY_PASSWORD" r',
  ])('leaves %s alone', (s) => {
    expect(redactSecrets(s)).toBe(s);
  });
});

describe('bounded work on hostile text', () => {
  test.each([
    ['://a:', '://a:'.repeat(200_000)],
    ['://', '://'.repeat(300_000)],
    ['Bearer', 'Bearer '.repeat(200_000)],
    ['ghp_', 'ghp_'.repeat(200_000)],
    ['eyJ.', 'eyJ.'.repeat(200_000)],
    ['=', 'a='.repeat(200_000)],
    ['long names', `${'a'.repeat(60)}=`.repeat(20_000)],
    ['-p', 'docker login -p '.repeat(50_000)],
    ['headers', 'Authorization: '.repeat(100_000)],
    ['BEGIN', '-----BEGIN PRIVATE KEY'.repeat(50_000)],
    ['quotes', 'password="'.repeat(100_000)],
    ['-u', '-u a:'.repeat(200_000)],
    ['${', '${'.repeat(300_000)],
  ])('%s', (_n, s) => {
    const t0 = performance.now();
    redactSecrets(s);
    // Linear scans finish in well under a second; a quadratic one would take minutes.
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
