import { defineRule, hit, type Autofix, type Hit, type Severity } from '../../core/index.js';
import type { Related, Span } from '../../core/span.js';
import { contextPath, type Expr } from '../../formats/workflow/expressions.js';
import type { WfAlias, WfJob, WfScalar } from '../../formats/workflow/model.js';
import {
  analyzeImageParts,
  gradeImage,
  hasValidDigest,
  lockedForm,
  parseImageRef,
  partialLockedForm,
  type ImageRefPart,
} from '../../refs/image.js';

/** Expanded images per reference (a matrix product) that are graded; past it the value is unknown. */
const MAX_EXPANSIONS = 256;

/** One image reference in the file: where it is written and what kind of place it is. */
interface Site {
  label: string;
  /** The image text as written (no `docker://`). */
  text: string;
  span: Span;
  scopeLine: number;
  /** The scalar and the offset of `text` in its value, when expressions may be expanded. */
  node?: WfScalar;
  job?: WfJob;
}

/** Verdict on one fully-known image text: undefined when pinned by a valid digest. */
function gradeText(text: string): { severity: Severity; why: string; fix: string } | undefined {
  const ref = parseImageRef(text);
  if (!ref) return undefined;
  if (hasValidDigest(ref)) return undefined;
  if (ref.digest !== undefined)
    return { severity: 'medium', why: 'has a malformed digest', fix: lockedForm(ref) };
  if (ref.tag === undefined)
    return { severity: 'high', why: 'has no tag, so it means :latest', fix: lockedForm(ref) };
  if (ref.tag === 'latest') return { severity: 'high', why: 'uses :latest', fix: lockedForm(ref) };
  return {
    severity: 'medium',
    why: gradeImage(ref) === 'exact' ? 'is pinned by tag only' : 'uses a floating tag',
    fix: lockedForm(ref),
  };
}

/** One value an expression can take: its text in the image, and the matrix value it came from. */
interface Val {
  v: string | number | boolean | null;
  node?: WfScalar;
}

const truthy = (x: Val): boolean =>
  x.v !== null && x.v !== false && x.v !== 0 && x.v !== '' && !Number.isNaN(x.v);
const textOf = (x: Val): string => (x.node ? x.node.value : x.v === null ? '' : String(x.v));

/**
 * Every value an expression can take when it only combines literals and static matrix values
 * through `&&`, `||`, `!` and comparisons (`cond && 'postgres:17' || ''`); undefined as soon as
 * any part is only known when the workflow runs. Outcomes are capped at MAX_EXPANSIONS.
 */
function outcomes(e: Expr, job: WfJob | undefined): Val[] | undefined {
  switch (e.kind) {
    case 'literal':
      return [{ v: e.value }];
    case 'not':
    case 'binary': {
      if (e.kind === 'binary' && (e.op === '&&' || e.op === '||')) {
        const left = outcomes(e.left, job);
        if (!left) return undefined;
        const pass = left.filter((x) => (e.op === '&&' ? !truthy(x) : truthy(x)));
        const goOn = left.some((x) => (e.op === '&&' ? truthy(x) : !truthy(x)));
        if (!goOn) return pass;
        const right = outcomes(e.right, job);
        if (!right) return undefined;
        const all = [...pass, ...right];
        return all.length > MAX_EXPANSIONS ? undefined : all;
      }
      // A comparison or negation is true or false whatever it reads.
      return [{ v: true }, { v: false }];
    }
    default: {
      const path = contextPath(e);
      if (!path || path.length !== 2 || path[0] !== 'matrix' || path[1] === '?' || path[1] === '*')
        return undefined;
      const m = job?.matrix;
      if (!m || m.dynamic) return undefined;
      const { values, unknown } = m.values(path[1]!);
      if (unknown || values.length === 0) return undefined;
      const out: Val[] = [];
      for (const n of values) {
        if (n.type !== 'scalar') return undefined;
        out.push({ v: n.yamlValue, node: n });
      }
      return out;
    }
  }
}

/** A piece of a reference: literal text, an expression with its static values, or unknown text. */
type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'values'; names: string[]; values: Val[] }
  | { kind: 'unknown'; names: string[] };

function piecesOf(node: WfScalar, job: WfJob | undefined): Piece[] {
  const value = node.value;
  const pieces: Piece[] = [];
  let at = 0;
  for (const e of node.expressions) {
    if (e.start > at) pieces.push({ kind: 'text', text: value.slice(at, e.start) });
    at = e.end;
    const path = e.ast ? contextPath(e.ast) : undefined;
    const name = path ? path.join('.') : e.source.trim();
    const vals = e.ast ? outcomes(e.ast, job) : undefined;
    pieces.push(vals ? { kind: 'values', names: [name], values: vals } : { kind: 'unknown', names: [name] });
  }
  if (at < value.length) pieces.push({ kind: 'text', text: value.slice(at) });
  return pieces;
}

interface Verdict {
  severity: Severity;
  /** The image text graded (unknown parts written `${{ name }}`). */
  image: string;
  message: string;
  fix: string;
  related: Related[];
}

/** Grades a reference whose pieces may be expanded matrix values or unknown text. */
function judge(site: Site): Verdict | undefined {
  const pieces = site.node ? piecesOf(site.node, site.job) : [{ kind: 'text' as const, text: site.text }];
  const unknown = pieces.some((p) => p.kind === 'unknown');
  const expand = pieces.filter((p): p is Extract<Piece, { kind: 'values' }> => p.kind === 'values');
  let count = 1;
  for (const p of expand) count *= p.values.length;
  if (unknown || count > MAX_EXPANSIONS) {
    // Not guessed: graded on what every value of the unknown parts would leave.
    const parts: ImageRefPart[] = pieces.map((p) =>
      p.kind === 'text' ? p.text : { unknown: true, names: p.names },
    );
    const partial = analyzeImageParts(parts);
    if (!partial) return undefined;
    if (partial.digest !== 'none' && partial.digest !== 'malformed') return undefined;
    const shown = pieces.map((p) => (p.kind === 'text' ? p.text : `\${{ ${p.names.join(', ')} }}`)).join('');
    const exprs = pieces.flatMap((p) => (p.kind === 'text' ? [] : [`\${{ ${p.names.join(', ')} }}`]));
    const whatever = `whatever ${exprs.join(' and ')} ${exprs.length > 1 ? 'hold' : 'holds'}`;
    let severity: Severity;
    let why: string;
    if (partial.digest === 'malformed') {
      severity = 'medium';
      why = 'has a malformed digest';
    } else if (partial.tag.known && (partial.tag.value === undefined || partial.tag.value === 'latest')) {
      severity = 'high';
      why =
        partial.tag.value === undefined
          ? `has no tag ${whatever}, so it means :latest`
          : `uses :latest ${whatever}`;
    } else {
      severity = 'medium';
      why = `has no digest ${whatever}`;
    }
    return {
      severity,
      image: shown,
      message: `${site.label} '${shown}', which ${why}; a tag can be moved to different bytes without any change here, and the job runs the image with its token and secrets.`,
      fix: asExpressions(partialLockedForm(partial)),
      related: [],
    };
  }

  // Fully known (possibly after expanding static matrix values): each expansion graded.
  const combos: { text: string; from: WfScalar[] }[] = [{ text: '', from: [] }];
  const nodesOf = (v: Val): WfScalar[] => (v.node ? [v.node] : []);
  for (const p of pieces) {
    if (p.kind === 'text') for (const c of combos) c.text += p.text;
    else if (p.kind === 'values') {
      const next: { text: string; from: WfScalar[] }[] = [];
      for (const c of combos)
        for (const v of p.values) next.push({ text: c.text + textOf(v), from: [...c.from, ...nodesOf(v)] });
      combos.splice(0, combos.length, ...next);
    }
  }
  const bad: { text: string; from: WfScalar[]; g: NonNullable<ReturnType<typeof gradeText>> }[] = [];
  const seen = new Set<string>();
  for (const c of combos) {
    const text = c.text.trim();
    // An empty value (a matrix entry with no container) runs the job on the runner itself.
    if (!text || seen.has(text)) continue;
    seen.add(text);
    const g = gradeText(text);
    if (g) bad.push({ text, from: c.from, g });
  }
  if (bad.length === 0) return undefined;
  const severity: Severity = bad.some((b) => b.g.severity === 'high') ? 'high' : 'medium';
  if (expand.length === 0) {
    const b = bad[0]!;
    return {
      severity,
      image: b.text,
      message: `${site.label} '${b.text}', which ${b.g.why}; a tag can be moved to different bytes without any change here, and the job runs the image with its token and secrets.`,
      fix: b.g.fix,
      related: [],
    };
  }
  const listed = bad.map((b) => `'${b.text}' ${b.g.why}`).join('; ');
  const related: Related[] = [];
  const relatedSeen = new Set<string>();
  for (const b of bad)
    for (const v of b.from) {
      const key = `${v.span.line}:${v.span.column}`;
      if (relatedSeen.has(key)) continue;
      relatedSeen.add(key);
      related.push({ span: v.spanOf(0, v.value.length), label: `matrix value '${v.value}'` });
    }
  return {
    severity,
    image: site.text,
    message: `${site.label} '${site.text}', which can evaluate (through the job's static matrix and the expression's literals) to images without a digest (${listed}); a tag can be moved to different bytes without any change here, and the job runs the image with its token and secrets.`,
    fix: bad.map((b) => b.g.fix).join(', '),
    related,
  };
}

/**
 * The digest pin as a fix, for an image written out in full (no expression, no padding) with a
 * tag other than latest and no digest: the digest the tag names now goes after it.
 */
function digestAutofix(site: Site): Autofix | undefined {
  const text = site.text;
  if (text !== text.trim() || text.includes('${{')) return undefined;
  const ref = parseImageRef(text);
  if (!ref || ref.digest !== undefined || ref.tag === undefined || ref.tag === 'latest') return undefined;
  return {
    title: `pin ${text} to its current digest`,
    resolve: { kind: 'image-digest', image: text, span: site.span },
  };
}

/** Whether `outer` covers `inner` (positions compared as line, then column). */
function contains(outer: Span, inner: Span): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  return (
    before(outer.line, outer.column, inner.line, inner.column) &&
    before(inner.endLine, inner.endColumn, outer.endLine, outer.endColumn)
  );
}

function scalarSite(node: WfScalar, label: string, scopeLine: number, job?: WfJob): Site | undefined {
  const text = node.value;
  if (node.yamlValue === null || !text.trim()) return undefined;
  return { label, text, span: node.spanOf(0, text.length), scopeLine, node, job };
}

export const rule = defineRule({
  id: 'workflow/unpinned-container-image',
  kind: 'workflow',
  appliesTo: 'workflow',
  severity: 'high',
  title: 'Container image in a workflow not pinned by digest',
  description:
    "The images a workflow runs (a job's `container:` in its string or mapping form, `services.<name>.image`, a step's `uses: docker://image`, and a Docker action's `runs.image: docker://image` in `action.yml`) run with the job's token, its secrets and the checked-out code, so a moved tag is the same supply-chain door as a moved action tag. They are graded exactly like a Dockerfile `FROM` (the same image-reference code): only `name:tag@sha256:<digest>` is pinned. Severity follows the research catalogue (§7, `unpinned-container-image`): no tag or `:latest` is high (the image changes with every push of the publisher); a tag without a digest (`node:20`, `postgres:16.4`) or a malformed digest is medium, because a tag is a pointer its owner can move but at least names a version someone chose. One finding per image reference, at the exact place of the image value, because each is pinned by its own edit (an image anchored once and reused through YAML aliases is one finding at the anchor, the aliases as related places). `${{ matrix.x }}` in an image is expanded through the job's static matrix (its lists and `include` entries), as are expressions that only combine literals and static matrix values (`${{ matrix.name == 'Tests' && 'postgres:17.5' || '' }}`), and every value graded; the finding names the unpinned values and points at them as related places, and empty values (matrix entries that run no container) are skipped. A value only known when the workflow runs (a dynamic matrix, `inputs`, `env`, `fromJSON(...)`) is never guessed, but when the unknown part cannot change the verdict the image is reported: `${{ env.REGISTRY }}/app:1.2` has no digest whatever the registry is, while `postgres:${{ inputs.tag }}` or `${{ matrix.image }}` of a dynamic matrix is not reported (the value could end in `@sha256:...`). `runs.image: Dockerfile` (or any path) builds the action's own Dockerfile, which the Dockerfile rules check; it is not an image reference.",
  fix: 'Pin the digest of the tag you reviewed, keeping the tag for readers and update bots: `container: node:20.11.1@sha256:<digest>` (`docker buildx imagetools inspect node:20.11.1` prints it; ratchet pins `container:`, `services:` and `docker://` this way, and Dependabot or Renovate keep such pins current).',
  examples: {
    bad: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    container: node:20\n    services:\n      db:\n        image: postgres\n        ports: ["5432:5432"]\n    steps:\n      - uses: docker://alpine:latest',
    good: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    container: node:20.11.1@sha256:7f3b2c6a1d0e4f5a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a\n    services:\n      db:\n        image: postgres:16.4@sha256:0e4f5a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a7f3b2c6a1d\n    steps:\n      - uses: docker://alpine:3.20@sha256:1d0e4f5a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a7f3b2c6a',
    language: 'yaml',
    path: '.github/workflows/ci.yml',
  },
  references: [
    'https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idcontainer',
    'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions',
  ],
  check(model) {
    const sites: Site[] = [];
    for (const job of model.jobs) {
      const c = job.container?.image;
      if (c) {
        const s = scalarSite(c, `The job '${job.id}' runs in the container image`, job.keySpan.line, job);
        if (s) sites.push(s);
      }
      for (const svc of job.services) {
        if (!svc.image) continue;
        const s = scalarSite(
          svc.image,
          `The service '${svc.id}' of job '${job.id}' runs the image`,
          svc.keySpan.line,
          job,
        );
        if (s) sites.push(s);
      }
    }
    for (const u of model.uses) {
      if (u.kind !== 'docker' || u.image === undefined || !u.imageSpan) continue;
      // `${{ }}` is not evaluated in `uses:` (GitHub rejects it): graded as written.
      if (!u.image.trim()) continue;
      sites.push({
        label: 'The step runs the image',
        text: u.image,
        span: u.imageSpan,
        scopeLine: u.scopeLine,
      });
    }
    const img = model.runs?.image;
    if (img && /^docker:\/\//i.test(img.value)) {
      const text = img.value.slice('docker://'.length);
      if (text.trim())
        sites.push({
          label: 'The Docker action runs the image',
          text,
          span: img.spanOf('docker://'.length, img.value.length),
          scopeLine: img.span.line,
        });
    }
    sites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);

    const hits: Hit[] = [];
    // An image anchored once and reused through aliases is one edit: one finding at the anchor,
    // each alias a related place.
    const byPlace = new Map<string, Hit>();
    const usedAliases = new Set<WfAlias>();
    for (const site of sites) {
      const place = `${site.span.line}:${site.span.column}`;
      const earlier = byPlace.get(place);
      if (earlier) {
        // The parse model keeps one node per anchor; the aliases that repeat it are listed apart.
        const alias = model.aliases.find((a) => !usedAliases.has(a) && contains(a.target, site.span));
        if (alias) {
          usedAliases.add(alias);
          (earlier.related ??= []).push({
            span: alias.span,
            label: 'the same image, reused through an alias',
          });
        }
        continue;
      }
      const v = judge(site);
      if (!v) continue;
      const autofix = digestAutofix(site);
      hits.push(
        hit(site.span, v.message, {
          evidence: site.text,
          fix: `Pin the digest: ${v.fix}.`,
          image: v.image,
          scopeLine: site.scopeLine,
          ...(v.severity !== 'high' ? { severity: v.severity } : {}),
          ...(v.related.length ? { related: v.related } : {}),
          ...(autofix ? { autofix } : {}),
        }),
      );
      byPlace.set(place, hits[hits.length - 1]!);
    }
    return hits;
  },
});

/**
 * `${NAME}` → `${{ NAME }}`, as `.replace(/\$\{([^}]*)\}/g, ...)` would, in one pass: that
 * expression rescans to the end of the text from every `${` when no `}` follows (quadratic).
 */
function asExpressions(s: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = s.indexOf('${', from);
    if (open === -1) break;
    const close = s.indexOf('}', open + 2);
    if (close === -1) break;
    out += `${s.slice(from, open)}\${{ ${s.slice(open + 2, close)} }}`;
    from = close + 1;
  }
  return out + s.slice(from);
}
