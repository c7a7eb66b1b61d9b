import { evidenceText } from '../../formats/dockerfile/shell/positions.js';
import { fileHeredocTexts, scriptTexts, WRITERS } from '../../formats/dockerfile/shell/written.js';
import { runScripts } from '../../formats/dockerfile/shell/walk.js';
import { findFlag, textOf, type ParsedFlag } from '../../refs/package-commands.js';
import { defineRule, hit, spanAt, type Hit, type Pos } from '../../core/index.js';
import { EnvView, runSteps, stepCommands } from './package-util.js';

const PIP_ENV = 'PIP_EXTRA_INDEX_URL';
const UV_EXTRA_ENV = ['UV_EXTRA_INDEX_URL', 'UV_INDEX'];
const UNSAFE_STRATEGIES = new Set(['unsafe-best-match', 'unsafe-first-match', 'unsafe-any-match']);
/** Poetry priorities that let the public index win for a name a private source also serves. */
const UNSAFE_PRIORITIES = new Set(['supplemental', 'secondary']);

const PIP_MESSAGE =
  'pip merges every index it is given and takes the highest version it finds: anyone can publish a higher-versioned package with your private name on the public index, and pip will install it.';
const PIP_FIX =
  'Serve everything from one index that proxies the public one (`--index-url`), or pin the private packages by hash (`--require-hashes`) so a look-alike cannot be substituted.';

export const rule = defineRule({
  id: 'dockerfile/dependency-confusion',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'medium',
  title: 'Extra package index open to dependency confusion',
  description:
    "With `pip install --extra-index-url` (or `PIP_EXTRA_INDEX_URL`), pip looks a name up on every index and installs the highest version wherever it is: an attacker who registers your private package's name on the public index with a higher version gets their code built into the image (the December 2022 `torchtriton` compromise of PyTorch nightly installs worked exactly this way). uv is safe by default (it stops at the first index that has the name) unless an `unsafe-*` index strategy is chosen, and Poetry sources are safe unless given `supplemental`/`secondary` priority.",
  fix: 'Use a single `--index-url` that proxies the public index (Artifactory, Nexus, devpi, CodeArtifact), install private packages with `--require-hashes`, keep uv on its default `first-index` strategy, and give Poetry sources `primary` or `explicit` priority.',
  examples: {
    bad: 'RUN pip install --extra-index-url https://pypi.internal.example.com/simple acme-utils==1.4.0',
    good: 'RUN pip install --index-url https://pypi.internal.example.com/simple acme-utils==1.4.0',
    language: 'dockerfile',
  },
  references: [
    'https://pip.pypa.io/en/stable/cli/pip_install/#examples',
    'https://pytorch.org/blog/compromised-nightly-dependency/',
    'https://docs.astral.sh/uv/configuration/indexes/#searching-across-multiple-indexes',
    'https://python-poetry.org/docs/repositories/#package-sources',
  ],
  check(model) {
    const hits: Hit[] = [];
    const envView = new EnvView(model);

    // ENV / ARG with a value: every later pip in the stage (and its children) sees it.
    for (const inst of model.instructions) {
      // A global ARG (before the first FROM) is not visible to RUN unless a stage redeclares it.
      if ((inst.keyword !== 'ENV' && inst.keyword !== 'ARG') || inst.stage < 0) continue;
      for (const p of inst.properties) {
        if (p.name !== PIP_ENV || p.value === null || p.value.trim() === '') continue;
        hits.push(
          hit(
            p.nameSpan,
            `\`${inst.keyword} ${PIP_ENV}\` adds an extra index to every pip install: ${PIP_MESSAGE}`,
            {
              evidence: `${p.name}=${p.value}`,
              fix: PIP_FIX,
              scopeLine: inst.span.line,
            },
          ),
        );
      }
    }

    const steps = runSteps(model);
    // `export PIP_EXTRA_INDEX_URL=...` / `PIP_EXTRA_INDEX_URL=... pip install` inside RUN.
    const seen = new Set<string>();
    for (const step of steps) {
      const assigns = [...step.script.assignments, ...step.script.commands.flatMap((c) => c.assigns)];
      for (const a of assigns) {
        if (a.name !== PIP_ENV || !a.value || textOf(a.value).trim() === '') continue;
        const key = `${a.span.line}:${a.span.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        hits.push(
          hit(a.span, `\`${PIP_ENV}\` adds an extra index to pip: ${PIP_MESSAGE}`, {
            evidence: `${a.name}=${a.value.raw}`,
            fix: PIP_FIX,
            scopeLine: step.scopeLine,
          }),
        );
      }
    }

    for (const { step, cmd, inv } of stepCommands(steps)) {
      if (inv.tool === 'pip' || inv.tool === 'pipx') {
        for (const f of inv.flags) {
          if (f.name === '--extra-index-url') {
            hits.push(
              hit(f.word, `\`--extra-index-url${f.value ? ' ' + f.value : ''}\`: ${PIP_MESSAGE}`, {
                evidence: f.word.raw,
                fix: PIP_FIX,
                scopeLine: step.scopeLine,
              }),
            );
          } else if (f.name === '--pip-args' && f.value?.includes('--extra-index-url') && f.valueWord) {
            hits.push(
              hit(f.valueWord, `pipx passes \`--extra-index-url\` to pip: ${PIP_MESSAGE}`, {
                evidence: f.valueWord.raw,
                fix: PIP_FIX,
                scopeLine: step.scopeLine,
              }),
            );
          }
        }
        // `pip config set global.extra-index-url URL`
        if (
          inv.sub === 'config set' &&
          inv.positionals[0] &&
          /(^|\.)extra-index-url$/.test(textOf(inv.positionals[0]))
        ) {
          hits.push(
            hit(
              inv.positionals[0],
              `\`pip config set ${textOf(inv.positionals[0])}\` adds an extra index to every later pip install: ${PIP_MESSAGE}`,
              {
                evidence: inv.positionals[0].raw,
                fix: PIP_FIX,
                scopeLine: step.scopeLine,
              },
            ),
          );
        }
      } else if (inv.tool === 'uv') {
        const strategyFlag = findFlag(inv, '--index-strategy');
        const strategy = strategyFlag?.value ?? envView.get('UV_INDEX_STRATEGY', step, cmd);
        if (strategy === undefined || !UNSAFE_STRATEGIES.has(strategy.trim().toLowerCase())) continue;
        const extra: ParsedFlag[] = inv.flags.filter(
          (f) => f.name === '--extra-index-url' || f.name === '--index',
        );
        const fromEnv = UV_EXTRA_ENV.some((n) => (envView.get(n, step, cmd) ?? '').trim() !== '');
        const at = extra[0]?.word ?? (fromEnv ? (strategyFlag?.word ?? inv.subWord) : undefined);
        if (!at) continue;
        hits.push(
          hit(
            at,
            `uv with \`--index-strategy ${strategy}\` and an extra index compares versions across indexes like pip does, so a public package with a private name and a higher version wins.`,
            {
              evidence: at.raw,
              fix: "Keep uv's default `first-index` strategy (drop `--index-strategy`/`UV_INDEX_STRATEGY`) and pin private packages to their index with `[tool.uv.sources]`.",
              scopeLine: step.scopeLine,
            },
          ),
        );
      } else if (inv.tool === 'poetry' && inv.sub === 'source add') {
        const pri = findFlag(inv, '--priority');
        const legacy = findFlag(inv, '--secondary');
        const flag = pri && UNSAFE_PRIORITIES.has((pri.value ?? '').toLowerCase()) ? pri : legacy;
        if (!flag) continue;
        const level = flag === legacy ? 'secondary' : (pri?.value ?? '').toLowerCase();
        hits.push(
          hit(
            flag.word,
            `\`poetry source add\` with priority \`${level}\`: Poetry searches the public index before this source, so a public package that takes a private package's name wins.`,
            {
              evidence: flag.word.raw,
              fix: 'Add private sources with `--priority=explicit` and bind each private package to it (`poetry add --source <name> <pkg>`), or `--priority=primary` to stop using the public index.',
              scopeLine: step.scopeLine,
            },
          ),
        );
      }
    }
    // pip.conf / requirements text written into the image: `printf '[global]\nextra-index-url = ...'`,
    // `COPY <<EOF /etc/pip.conf`.
    const texts: {
      text: string;
      pos: (i: number) => Pos;
      writer: string;
      scopeLine: number;
    }[] = [];
    for (const run of runScripts(model))
      for (const t of scriptTexts(run.script))
        if (WRITERS.has(t.cmd.base))
          texts.push({ text: t.text, pos: t.pos, writer: t.cmd.base, scopeLine: run.scopeLine });
    for (const t of fileHeredocTexts(model)) texts.push(t);
    const reported = new Set(hits.map((h) => `${h.span.line}:${h.span.column}`));
    for (const t of texts) {
      const lower = (t.text.length > 20_000 ? t.text.slice(0, 20_000) : t.text).toLowerCase();
      const m = CONFIG_EXTRA_INDEX.exec(lower);
      if (!m) continue;
      const i = m.index + m[0].indexOf(m[2] ?? 'extra-index-url');
      const s = t.pos(i);
      const at = spanAt(s, m[2]?.length ?? 15);
      // A heredoc that is really a script (`cat <<EOF | sh`) was analysed as commands above.
      if (reported.has(`${at.line}:${at.column}`)) continue;
      hits.push(
        hit(
          at,
          `An \`extra-index-url\` is written into a pip config or requirements file (by ${t.writer}): ${PIP_MESSAGE}`,
          { evidence: evidenceText(model, at), fix: PIP_FIX, scopeLine: t.scopeLine },
        ),
      );
    }
    return hits.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  },
});

/** `extra-index-url = URL` (pip.conf) or `--extra-index-url URL` (requirements) at a line start. */
const CONFIG_EXTRA_INDEX = /(^|\n|\\[nt])[ \t]*((?:--)?extra-index-url)(?:[ \t]*[=:]|[ \t]+\S)/;
