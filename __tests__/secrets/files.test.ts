import { describe, expect, test } from '@jest/globals';
import { credFileOf, looksLikeCredential, secretFile } from '../../src/secrets/index.js';

describe('credential file names', () => {
  test.each([
    ['id_rsa', 'high', 'an SSH private key'],
    ['/home/u/.ssh/id_ed25519', 'high', 'an SSH private key'],
    ['.netrc', 'high', 'a credentials file (.netrc)'],
    ['config/credentials.json', 'high', 'a credentials file (credentials.json)'],
    ['.git-credentials', 'high', 'a credentials file (.git-credentials)'],
    ['.docker/config.json', 'high', 'a Docker registry credentials file'],
    ['/root/.aws/credentials', 'high', 'an AWS credentials file'],
    ['.kube/config', 'high', 'a Kubernetes credentials file'],
    ['deploy/kubeconfig', 'high', 'a Kubernetes credentials file'],
    ['.pgpass', 'high', 'a credentials file (.pgpass)'],
    ['.vault-token', 'high', 'a credentials file (.vault-token)'],
    ['.npmrc', 'medium', '.npmrc, which usually holds tokens or passwords'],
    ['.pypirc', 'medium', '.pypirc, which usually holds tokens or passwords'],
    ['.env', 'medium', '.env, which usually holds tokens or passwords'],
    ['.env.production', 'medium', '.env.production, an environment file that usually holds secrets'],
  ])('%s', (path, severity, what) => {
    expect(secretFile(path)).toEqual({ severity, what });
  });

  test.each([
    '.env.example',
    '.env.sample',
    '.env.test',
    'src/*.npmrc',
    '$HOME/.npmrc',
    'id_rsa.pub',
    'README.md',
    'config.json',
  ])('%s is not one', (path) => {
    expect(secretFile(path)).toBeUndefined();
  });

  test('files a command may write a credential into', () => {
    expect(credFileOf('/root/.npmrc')).toBe('.npmrc');
    expect(credFileOf('~/.kube/config')).toBe('.kube/config');
    expect(credFileOf('/etc/npmrc')).toBeUndefined();
    expect(looksLikeCredential('.npmrc', '//r/:_authToken=x')).toBe(true);
    expect(looksLikeCredential('.npmrc', 'registry=https://r/')).toBe(false);
    expect(looksLikeCredential('.netrc', 'machine h login u password p')).toBe(true);
    expect(looksLikeCredential('.git-credentials', 'https://u:p@github.com')).toBe(true);
  });
});
