import { defineRule, hit, type Hit } from '../../core/index.js';
import { contextReads } from '../../formats/workflow/expressions.js';
import { fileExpressions } from '../../formats/workflow/permissions.js';

export const rule = defineRule({
  id: 'workflow/overprovisioned-secrets',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'medium',
  title: 'Every secret handed to the runner',
  description:
    "GitHub sends a job only the secrets its expressions name. `${{ toJSON(secrets) }}`, the whole `secrets` object, `secrets.*`, or an index computed at run time (`secrets[format('{0}_TOKEN', matrix.env)]`, `secrets[inputs.name]`) cannot be resolved ahead, so the runner receives every secret of the repository, organisation and environment, and one leaked log line or compromised step exposes them all. One finding per expression, at its `${{ }}`. A literal index (`secrets['NPM_TOKEN']`) names one secret and is not reported.",
  fix: 'Name each secret the step needs: `${{ secrets.NPM_TOKEN }}`; for a per-environment secret, use GitHub environments (`environment: prod` and `${{ secrets.DEPLOY_TOKEN }}`) instead of a computed name.',
  examples: {
    bad: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./deploy.sh\n        env:\n          ALL_SECRETS: ${{ toJSON(secrets) }}',
    good: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./deploy.sh\n        env:\n          DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}',
    language: 'yaml',
    path: '.github/workflows/deploy.yml',
  },
  references: [
    'https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions',
    'https://docs.zizmor.sh/audits/#overprovisioned-secrets',
  ],
  check(model) {
    if (model.type !== 'workflow') return [];
    const hits: Hit[] = [];
    for (const { x } of fileExpressions(model)) {
      if (!x.ast) continue;
      const bad = contextReads(x.ast).find(
        (r) => r.path[0] === 'secrets' && (r.path.length === 1 || r.path[1] === '?' || r.path[1] === '*'),
      );
      if (!bad) continue;
      const what =
        bad.path.length === 1
          ? bad.via.includes('tojson')
            ? '`toJSON(secrets)` serialises every secret'
            : 'the whole `secrets` object holds every secret'
          : bad.path[1] === '*'
            ? '`secrets.*` reads every secret'
            : 'a `secrets[...]` index computed at run time can name any secret';
      hits.push(
        hit(
          x.span,
          `${what}, so GitHub cannot tell which ones the job uses and sends the runner all of them; any log leak or compromised step then exposes every secret of the repository, organisation and environment.`,
          {
            evidence: `\${{${x.source}}}`.slice(0, 200),
            fix: 'Reference each secret the step needs by name (`${{ secrets.NAME }}`), or select per-environment secrets with `environment:`.',
          },
        ),
      );
    }
    return hits;
  },
});
