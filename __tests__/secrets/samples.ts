/**
 * Credential samples built at run time (so the repository holds no token-shaped literal), each
 * with the public prefix that may stay visible and the secret part that must never be printed.
 */
export interface Sample {
  name: string;
  value: string;
  /** What the masked value shows. */
  masked: string;
}

const b = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const ALNUM = 'Zq7Rk2Vw9Tn4Lp8Xc3Hb6Jm1';
const HEX = '9f3a7c1e5b2d8046';

export const SAMPLES: Sample[] = [
  { name: 'GitHub classic PAT', value: `ghp_${b(ALNUM, 36)}`, masked: 'ghp_…' },
  { name: 'GitHub OAuth token', value: `gho_${b('Pq4Ws8', 36)}`, masked: 'gho_…' },
  { name: 'GitHub App user token', value: `ghu_${b('Mn3Bv7', 36)}`, masked: 'ghu_…' },
  { name: 'GitHub App installation token', value: `ghs_${b('Ty6Gh2', 36)}`, masked: 'ghs_…' },
  { name: 'GitHub refresh token', value: `ghr_${b('Kd5Fj9', 36)}`, masked: 'ghr_…' },
  {
    name: 'GitHub fine-grained PAT',
    value: `github_pat_${b('11ABCDEFG0', 22)}_${b('Wx8Yz3Ab', 59)}`,
    masked: 'github_pat_…',
  },
  { name: 'GitLab PAT', value: `glpat-${b('Ab3_Cd9-', 20)}`, masked: 'glpat-…' },
  { name: 'GitLab deploy token', value: `gldt-${b('Ef4Gh8', 20)}`, masked: 'gldt-…' },
  { name: 'npm token', value: `npm_${b('Ns7Pk3', 36)}`, masked: 'npm_…' },
  { name: 'PyPI token', value: `pypi-AgEIcHlwaS5vcmc${b('Qu2-Rt6_', 70)}`, masked: 'pypi-…' },
  { name: 'AWS access key id', value: `AKIA${b('QX7Z3M5K', 16)}`, masked: 'AKIA…' },
  { name: 'AWS temporary key id', value: `ASIA${b('WN4R8T2P', 16)}`, masked: 'ASIA…' },
  { name: 'Google API key', value: `AIza${b('Sy3_Gk8-Lm', 35)}`, masked: 'AIza…' },
  {
    name: 'Slack bot token',
    value: `xoxb-${b('2841', 12)}-${b('7390', 13)}-${b('Sl4Ck9', 24)}`,
    masked: 'xoxb-…',
  },
  { name: 'Stripe secret key', value: `sk_live_${b('St5Rp8', 24)}`, masked: 'sk_live_…' },
  { name: 'Stripe restricted key', value: `rk_live_${b('Rs6Kt2', 24)}`, masked: 'rk_live_…' },
  { name: 'Anthropic key', value: `sk-ant-api03-${b('An7_Th3-Rp', 93)}AA`, masked: 'sk-ant-…' },
  { name: 'OpenAI project key', value: `sk-proj-${b('Op3En9_Ai-', 120)}`, masked: 'sk-proj-…' },
  { name: 'OpenAI legacy key', value: `sk-${b('Lg8Cy4Ke', 48)}`, masked: 'sk-…' },
  { name: 'Hugging Face token', value: `hf_${b('Hg5Fc1Tk', 34)}`, masked: 'hf_…' },
  { name: 'Docker Hub PAT', value: `dckr_pat_${b('Dk2_Hb7-', 27)}`, masked: 'dckr_pat_…' },
  { name: 'DigitalOcean token', value: `dop_v1_${b(HEX, 64)}`, masked: 'dop_v1_…' },
  { name: 'Shopify token', value: `shpat_${b(HEX, 32)}`, masked: 'shpat_…' },
  {
    name: 'SendGrid key',
    value: `SG.${b('Sg4_Kx9-', 22)}.${b('Gr7Dn2Ky', 43)}`,
    masked: 'SG.…',
  },
  { name: 'Twilio API key', value: `SK${b('4e7b9c2a', 32)}`, masked: 'SK…' },
  {
    name: 'JWT',
    value: `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.${b('Jw7_Tk2-Sg', 43)}`,
    masked: 'eyJ…',
  },
  { name: 'Google OAuth access token', value: `ya29.${b('Go4_Oa8-', 60)}`, masked: 'ya29.…' },
  { name: 'Vault token', value: `hvs.${b('Vt5Hc9', 24)}`, masked: 'hvs.…' },
  {
    name: 'Slack webhook',
    value: `hooks.slack.com/services/T${b('0AB1', 8)}/B${b('2CD3', 10)}/${b('Wh6Kk1', 24)}`,
    masked: 'hooks.slack.com/services/…',
  },
];

/** The part of a sample that must never appear: everything after its public prefix. */
export function secretPart(s: Sample): string {
  return s.value.slice(s.masked.length - 1);
}

/** An alnum blob that no rule text contains, for passwords and opaque values. */
export function opaque(seed: string, n = 20): string {
  return b(`${seed}Xv9Qz3`, n);
}
