import { posix } from 'node:path';
import { findFlag, hasFlag, textOf, type Invocation, type ParsedFlag } from '../../refs/package-commands.js';
import { EnvView, runSteps, stepCommands, truthy, type StepCommand } from './package-util.js';
import type { RunScript } from '../../formats/dockerfile/shell/walk.js';
import { defineRule, hit, type Autofix, type Hit, type Span, type Workspace } from '../../core/index.js';
import type { ArgWord } from '../../refs/package-commands.js';

/**
 * `npm install` → `npm ci`, when the subcommand is written plainly on one line (`install`, `i`):
 * the word is replaced, the flags after it stay (npm ci reads the same ones).
 */
function npmCiAutofix(w: ArgWord): Autofix | undefined {
  if (w.value !== w.raw || w.line !== w.endLine || w.endColumn - w.column !== w.raw.length) return undefined;
  if (!/^(install|i|in|isntall|add)$/.test(w.raw)) return undefined;
  return {
    title: 'use npm ci (installs exactly package-lock.json)',
    edits: [
      { span: { line: w.line, column: w.column, endLine: w.line, endColumn: w.endColumn }, text: 'ci' },
    ],
  };
}

const INFO_FLAGS = ['--version', '-v', '--help', '-h'];

/** True when a requirements file Bulkhead can read next to the Dockerfile carries `--hash=` pins. */
function hashedRequirements(file: string, ctx: { path: string; workspace: Workspace }): boolean {
  if (!file || file.includes('$')) return false;
  const dir = posix.dirname(ctx.path.replace(/\\/g, '/'));
  const rel = file.replace(/^\.\//, '');
  const candidates = file.startsWith('/')
    ? [posix.join(dir, posix.basename(file)), posix.basename(file)]
    : [posix.join(dir, rel), rel];
  for (const c of candidates) {
    const text = ctx.workspace.read(c.replace(/^\.\//, ''));
    if (text !== undefined) return text.includes('--hash=') || text.includes('--hash ');
  }
  return false;
}

/** `bundle config set [--local|--global] frozen|deployment true`, `bundle config --global frozen 1`. */
function bundleFreezes(inv: Invocation): boolean {
  if (inv.tool !== 'bundle' || !inv.sub.startsWith('config')) return false;
  const words = inv.positionals.map((w) =>
    textOf(w)
      .toLowerCase()
      .replace(/^["']|["']$/g, ''),
  );
  for (let i = 0; i + 1 < words.length; i++) {
    if ((words[i] === 'frozen' || words[i] === 'deployment') && truthy(words[i + 1])) return true;
  }
  return false;
}

function frozenValue(f: ParsedFlag | undefined): boolean {
  return f !== undefined && (f.value === undefined || truthy(f.value));
}

export const rule = defineRule({
  id: 'dockerfile/lockfile-not-enforced',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'medium',
  title: 'Dependencies installed without enforcing the lockfile',
  description:
    "`npm install`, `yarn install`, `pnpm install`, `bundle install` and `uv sync` re-resolve the manifest's ranges when the lockfile disagrees with it, and `pip install -r requirements.txt` trusts whatever bytes the index serves: the image can contain versions nobody reviewed. The frozen forms install exactly what the lockfile records, verify its integrity hashes, and fail the build instead of drifting.",
  fix: 'Use the frozen install: `npm ci`, `yarn install --immutable` (Yarn 2+) or `--frozen-lockfile` (Yarn 1), `pnpm install --frozen-lockfile`, `bun install --frozen-lockfile`, `uv sync --locked`, `pipenv install --deploy`, `bundle config set frozen true` before `bundle install`, and `pip install --require-hashes -r requirements.txt` with hashes from `pip-compile --generate-hashes` or `uv pip compile --generate-hashes`.',
  examples: {
    bad: 'COPY package.json package-lock.json ./\nRUN npm install\nRUN pip install -r requirements.txt',
    good: 'COPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nRUN pip install --require-hashes -r requirements.txt',
    language: 'dockerfile',
  },
  references: [
    'https://docs.npmjs.com/cli/commands/npm-ci',
    'https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode',
    'https://yarnpkg.com/cli/install#options-immutable',
    'https://pnpm.io/cli/install#--frozen-lockfile',
    'https://bundler.io/man/bundle-config.1.html',
  ],
  check(model, ctx) {
    const hits: Hit[] = [];
    const env = new EnvView(model);
    const commands = stepCommands(runSteps(model));
    const bundleFrozenAt = new Set<number>(); // stages where `bundle config ... frozen true` ran
    const chainOf = (stage: number): number[] => {
      const out: number[] = [];
      for (
        let i: number | undefined = stage;
        i !== undefined && !out.includes(i);
        i = model.stages[i]?.parentStage
      )
        out.push(i);
      return out;
    };
    const report = (
      sc: StepCommand,
      at: Span & { raw: string },
      message: string,
      fix: string,
      pkg?: string,
      autofix?: Autofix,
    ): void => {
      hits.push(
        hit(at, message, {
          evidence: at.raw,
          fix,
          scopeLine: sc.step.scopeLine,
          ...(pkg ? { package: pkg } : {}),
          ...(autofix ? { autofix } : {}),
        }),
      );
    };
    const e = (name: string, step: RunScript, sc: StepCommand): string | undefined =>
      env.get(name, step, sc.cmd);

    for (const sc of commands) {
      const { inv, step } = sc;
      const sub = inv.sub;
      switch (inv.tool) {
        case 'npm': {
          if (!['install', 'i', 'in', 'isntall', 'add'].includes(sub) || inv.positionals.length > 0) break;
          if (hasFlag(inv, '-g', '--global')) break;
          report(
            sc,
            inv.subWord,
            '`npm install` re-resolves package.json and may rewrite package-lock.json; the installed tree can differ from the one that was reviewed.',
            'Use `npm ci` (for production images `npm ci --omit=dev`): it installs exactly package-lock.json and fails when it is missing or out of date.',
            undefined,
            // Not in an ONBUILD trigger (the child build's tree and npm are unknown), nor when a
            // flag says the lockfile is avoided on purpose (`--package-lock=false`, `--no-shrinkwrap`):
            // npm ci refuses to run without one, so that is a decision, not a mechanical edit.
            step.owner === step.inst &&
              !inv.flags.some((f) => /package-lock|shrinkwrap|lockfile/i.test(f.name))
              ? npmCiAutofix(inv.subWord)
              : undefined,
          );
          break;
        }
        case 'yarn': {
          if (sub !== 'install' && sub !== '') break;
          if (sub === '' && hasFlag(inv, ...INFO_FLAGS)) break;
          if (hasFlag(inv, '--frozen-lockfile', '--immutable')) break;
          if (truthy(e('YARN_ENABLE_IMMUTABLE_INSTALLS', step, sc))) break;
          report(
            sc,
            inv.subWord,
            '`yarn install` without `--immutable`/`--frozen-lockfile` updates yarn.lock when it disagrees with package.json instead of failing.',
            'Use `yarn install --immutable` (Yarn 2+) or `yarn install --frozen-lockfile` (Yarn 1).',
          );
          break;
        }
        case 'pnpm': {
          if (!['install', 'i'].includes(sub) || inv.positionals.length > 0) break;
          const f = findFlag(inv, '--frozen-lockfile');
          if (frozenValue(f)) break;
          // pnpm turns --frozen-lockfile on by itself when it detects CI.
          if (f === undefined && truthy(e('CI', step, sc))) break;
          report(
            sc,
            inv.subWord,
            '`pnpm install` without `--frozen-lockfile` updates pnpm-lock.yaml when it disagrees with package.json instead of failing.',
            'Use `pnpm install --frozen-lockfile` (or `pnpm fetch` + `pnpm install --offline --frozen-lockfile`).',
          );
          break;
        }
        case 'bun': {
          if (!['install', 'i'].includes(sub) || inv.positionals.length > 0) break;
          if (hasFlag(inv, '--frozen-lockfile', '-g', '--global')) break;
          report(
            sc,
            inv.subWord,
            '`bun install` without `--frozen-lockfile` updates the lockfile when it disagrees with package.json instead of failing.',
            'Use `bun install --frozen-lockfile` (or `bun ci`).',
          );
          break;
        }
        case 'pip':
        case 'uv': {
          if (sub !== 'install' && sub !== 'pip install') break;
          if (hasFlag(inv, '--require-hashes') || truthy(e('PIP_REQUIRE_HASHES', step, sc))) break;
          if (inv.tool === 'uv' && truthy(e('UV_REQUIRE_HASHES', step, sc))) break;
          // `--hash` is only valid inside a requirements file, but its presence on the line shows intent.
          if (hasFlag(inv, '--hash')) break;
          for (const f of inv.flags) {
            if (f.name !== '-r' && f.name !== '--requirement' && f.name !== '--requirements') continue;
            if (f.value === undefined) continue;
            if (hashedRequirements(f.value, ctx)) continue;
            report(
              sc,
              f.word,
              `\`${inv.tool === 'uv' ? 'uv pip' : 'pip'} install -r ${f.value}\` runs without hash checking: any version the file allows, with whatever bytes the index serves, is installed.`,
              `Generate hashes (\`pip-compile --generate-hashes\` or \`uv pip compile --generate-hashes\`) and install with \`--require-hashes -r ${f.value}\`.`,
            );
          }
          break;
        }
        case 'pipenv': {
          if (sub !== 'install' || inv.positionals.length > 0) break;
          if (hasFlag(inv, '--deploy', '--ignore-pipfile')) break;
          report(
            sc,
            inv.subWord,
            '`pipenv install` without `--deploy` re-locks when Pipfile.lock is out of date instead of failing.',
            'Use `pipenv install --deploy` (or `pipenv sync`).',
          );
          break;
        }
        case 'bundle': {
          if (bundleFreezes(inv)) {
            bundleFrozenAt.add(step.stage);
            break;
          }
          if (sub !== 'install' && sub !== '') break;
          if (sub === '' && hasFlag(inv, ...INFO_FLAGS)) break;
          if (hasFlag(inv, '--frozen', '--deployment')) break;
          if (truthy(e('BUNDLE_FROZEN', step, sc)) || truthy(e('BUNDLE_DEPLOYMENT', step, sc))) break;
          if (chainOf(step.stage).some((s) => bundleFrozenAt.has(s))) break;
          report(
            sc,
            inv.subWord,
            '`bundle install` outside frozen or deployment mode re-resolves the Gemfile when Gemfile.lock disagrees with it instead of failing.',
            'Run `bundle config set frozen true` (or set `ENV BUNDLE_FROZEN=true`, or `bundle config set deployment true`) before `bundle install`.',
          );
          break;
        }
        default:
          break;
      }
      if (inv.tool === 'uv' && sub === 'sync') {
        if (hasFlag(inv, '--locked', '--frozen')) continue;
        if (truthy(e('UV_LOCKED', step, sc)) || truthy(e('UV_FROZEN', step, sc))) continue;
        report(
          sc,
          inv.subWord,
          '`uv sync` without `--locked` updates uv.lock when it disagrees with pyproject.toml instead of failing.',
          'Use `uv sync --locked` (or `--frozen` to install the lockfile as is).',
        );
      }
    }
    return hits;
  },
});
