import { describe, expect, test } from '@jest/globals';
import { redactSecrets, tokenKind, TOKEN_SHAPES } from '../../src/secrets/index.js';
import { SAMPLES } from './samples.js';

describe('provider token shapes', () => {
  test('at least 15 providers are known', () => {
    const providers = new Set(TOKEN_SHAPES.map((t) => t.what));
    expect(providers.size).toBeGreaterThanOrEqual(15);
  });

  test.each(SAMPLES.map((s) => [s.name, s.value, s.masked]))(
    '%s is masked to its prefix',
    (_n, value, masked) => {
      expect(redactSecrets(value)).toBe(masked);
      expect(redactSecrets(`X=1 ${value} end`)).toBe(`X=1 ${masked} end`);
      expect(redactSecrets(`"${value}",`)).toBe(`"${masked}",`);
    },
  );

  test.each(SAMPLES.map((s) => [s.name, s.value]))('%s is recognised as a credential', (_n, value) => {
    expect(tokenKind(value)).toBeDefined();
  });

  test.each([
    ['GitHub token', `ghp_${'Zq7Rk2Vw9T'.repeat(4).slice(0, 36)}`, 'a GitHub token'],
    ['AWS key id', 'AKIAQX7Z3M5KQX7Z3M5K', 'an AWS access key id'],
    ['Anthropic key', `sk-ant-api03-${'a1B2'.repeat(12)}`, 'an Anthropic API key'],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc', 'a JSON Web Token'],
  ])('%s: tokenKind names the provider', (_n, value, what) => {
    expect(tokenKind(value)).toBe(what);
  });

  test('a token cut short by a rule (…, ...) is still masked', () => {
    expect(redactSecrets('git clone https://ghp_Zq7Rk2Vw…')).toBe('git clone https://ghp_…');
    expect(redactSecrets('token glpat-Ab3Cd...')).toBe('token glpat-…');
    // A cut token is not reported as a credential: only masked.
    expect(tokenKind('ghp_Zq7Rk2Vw…')).toBeUndefined();
  });

  test.each([
    ['a $VAR', '$GITHUB_TOKEN'],
    ['a ${VAR}', '${NPM_TOKEN}'],
    ['a sha256 digest', 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
    ['a git SHA', '3f786850e387550fdab836ed7e6dc881de23001b'],
    ['a UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['base64 of prose', 'SGVsbG8sIHdvcmxkIQ== aGVsbG8gd29ybGQ='],
    [
      'sk- in words',
      'pip install sk-learn; desk-top risk-averse task-sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD',
    ],
    ['a long lower-case sk- name', 'sk-averyveryverylongpackagenamewithoutdigitsatall'],
    ['hf_ identifiers', 'from huggingface_hub import hf_hub_download, hf_api_token_path'],
    ['npm_ config vars', 'npm_config_registry npm_package_version'],
    ['a short ghp_', 'ghp_abc ghp_'],
    ['an over-long AWS-like word', 'AKIAQX7Z3M5KQX7Z3M5KEXTRA'],
    ['a Stripe publishable key', `pk_live_${'Pb4Lk8'.repeat(4)}`],
    ['AIza too short', 'AIzaShort'],
    ['already masked text', 'ghp_… sk-ant-… *** AKIA… eyJ…'],
    [
      'a public key block',
      '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----',
    ],
    [
      'a certificate',
      '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkq\n-----END CERTIFICATE-----',
    ],
    ['eyJ alone', 'eyJhbGciOiJIUzI1NiJ9 is a header'],
    [
      'an image digest ref',
      'node:20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    ],
  ])('leaves %s alone', (_n, s) => {
    expect(redactSecrets(s)).toBe(s);
    expect(tokenKind(s)).toBeUndefined();
  });

  test.each([
    [
      'RSA',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----',
      '-----BEGIN RSA PRIVATE KEY-----…',
    ],
    [
      'OpenSSH',
      'k=-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY----- x',
      'k=-----BEGIN OPENSSH PRIVATE KEY-----… x',
    ],
    ['cut off', '"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkq', '"-----BEGIN PRIVATE KEY-----…'],
    [
      'PGP',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF\n-----END PGP PRIVATE KEY BLOCK-----',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----…',
    ],
  ])('masks a %s private key block after its header', (_n, s, out) => {
    expect(redactSecrets(s)).toBe(out);
  });
});
