import { defineRule, hit, type Hit } from '../../core/index.js';
import { contextReads, type Expr } from '../../formats/workflow/expressions.js';
import { subExpressions } from '../../formats/workflow/expressions.js';
import { fileExpressions } from '../../formats/workflow/permissions.js';

/** The secret a `fromJSON(secrets.X)` call parses, if that is what `e` is. */
function parsedSecret(e: Expr): string | undefined {
  if (e.kind !== 'call' || e.name.toLowerCase() !== 'fromjson' || e.args.length !== 1) return undefined;
  const r = contextReads(e.args[0]!).find((c) => c.path[0] === 'secrets');
  return r ? (r.path[1] ?? '*') : undefined;
}

export const rule = defineRule({
  id: 'workflow/unredacted-secrets',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'medium',
  title: 'Part of a JSON secret used without log masking',
  description:
    "The runner masks a secret's exact value in logs. A field taken out of a JSON secret (`fromJSON(secrets.AWS_CREDS).secret_key`, `fromJSON(secrets.CONFIG)['password']`) is a different string that was never registered for masking, so it appears in clear text wherever a step echoes it or a tool logs it. One finding per `${{ }}` expression (replacing it with its own secret is one edit), at the expression.",
  fix: 'Store each value the workflow needs as its own secret (`secrets.AWS_SECRET_KEY`), or register the derived value with `echo "::add-mask::$VALUE"` before anything can print it.',
  examples: {
    bad: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./deploy.sh\n        env:\n          KEY: ${{ fromJSON(secrets.AWS_CREDS).secret_key }}',
    good: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./deploy.sh\n        env:\n          KEY: ${{ secrets.AWS_SECRET_KEY }}',
    language: 'yaml',
    path: '.github/workflows/deploy.yml',
  },
  references: [
    'https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#using-secrets-in-a-workflow',
    'https://docs.zizmor.sh/audits/#unredacted-secrets',
  ],
  check(model) {
    if (model.type !== 'workflow') return [];
    const hits: Hit[] = [];
    for (const { x } of fileExpressions(model)) {
      if (!x.ast) continue;
      for (const e of subExpressions(x.ast)) {
        if (e.kind !== 'property' && e.kind !== 'index') continue;
        const name = parsedSecret(e.object);
        if (name === undefined) continue;
        hits.push(
          hit(
            x.span,
            `\`${x.source.slice(e.start, e.end).trim().slice(0, 120)}\` takes a field out of the JSON secret '${name.toUpperCase()}': the runner masks only the whole secret's value, so this field is printed in clear text wherever a step or tool logs it.`,
            {
              evidence: `\${{${x.source}}}`.slice(0, 200),
              fix: `Store the field as a secret of its own and reference it by name, or mask it first with \`echo "::add-mask::$VALUE"\`.`,
            },
          ),
        );
        break;
      }
    }
    return hits;
  },
});
