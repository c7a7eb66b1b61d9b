import type { DockerfileModel, DockerInstruction, DockerProperty } from '../../formats/dockerfile/model.js';
import type { Span } from '../../formats/position.js';
import {
  buildScope,
  commandArgs,
  isPureReference,
  type DockerScope,
} from '../../formats/dockerfile/scope.js';
import type { ShellCommand, ShellScript, ShellWord } from '../../formats/dockerfile/shell/model.js';
import { instructionsAsRun } from '../../formats/dockerfile/shell/walk.js';
import { defineRule, type Severity } from '../../core/index.js';
import type { Hit } from '../../core/index.js';
import {
  credentialKind,
  credFileOf,
  isHarmlessWord,
  isPlaceholder,
  isSecretName,
  looksLikeCredential,
  secretFile,
  urlPassword,
} from '../../secrets/index.js';

const MAX_VALUE = 8192;

/** A value that is not a secret whatever the name says (empty, reference, flag, path, plain URL). */
function harmlessValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || v.includes('$')) return true;
  if (isHarmlessWord(v)) return true;
  if (/^\d{1,6}$/.test(v)) return true;
  if (v.startsWith('/') || v.startsWith('./') || v.startsWith('~/') || v.startsWith('../')) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && urlPassword(v) === undefined) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------

const LOWER: Record<Severity, Severity> = {
  critical: 'high',
  high: 'medium',
  medium: 'low',
  low: 'low',
  info: 'info',
};

/** Severity on the hit only when it differs from the rule's default (high). */
function sev(s: Severity): Pick<Hit, 'severity'> {
  return s === 'high' ? {} : { severity: s };
}

function spanHit(span: Span, scopeLine: number): Pick<Hit, 'span' | 'scopeLine'> {
  return {
    span: { line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn },
    scopeLine,
  };
}

interface Ctx {
  scope: DockerScope;
  hits: Hit[];
  /** Stages whose files can reach the final image: its FROM chain and stages it copies from. */
  filesInFinal: Set<number>;
}

/** The final stage's chain plus, transitively, every stage a reached stage `COPY --from`s. */
function stagesWithFilesInFinal(model: DockerfileModel, scope: DockerScope): Set<number> {
  const reached = new Set<number>();
  // Each stage queues only its parent, not its whole chain: chains of 20,000 stages each copying
  // from the one before made the walk quadratic.
  const todo = scope.finalStage !== undefined ? [scope.finalStage] : [];
  while (todo.length > 0) {
    const s = todo.pop()!;
    if (reached.has(s)) continue;
    reached.add(s);
    const parent = scope.stages[s]?.parent;
    if (parent !== undefined) todo.push(parent);
    for (const inst of model.stages[s]?.instructions ?? []) {
      if (inst.keyword !== 'COPY') continue;
      const from = inst.flags.find((f) => f.name === 'from')?.value;
      const ref = from ? scope.stageRef(from) : undefined;
      if (ref !== undefined) todo.push(ref);
    }
  }
  return reached;
}

/**
 * Severity adjusted for where the instruction is: what stays in a build stage counts less. ARG, ENV
 * and command lines ('metadata') belong to their stage's history only; files also reach the final
 * image through `COPY --from`.
 */
function placed(
  sev: Severity,
  inst: DockerInstruction,
  c: Ctx,
  what: 'metadata' | 'files' = 'metadata',
): { severity: Severity; where: string } {
  if (inst.stage < 0) return { severity: sev, where: '' };
  if (c.scope.inFinalImage(inst.stage)) return { severity: sev, where: '' };
  if (what === 'files' && c.filesInFinal.has(inst.stage)) return { severity: sev, where: '' };
  const name = c.scope.stages[inst.stage]?.name;
  const stage = name ? `'${name}'` : String(inst.stage);
  return {
    severity: LOWER[sev],
    where:
      what === 'files'
        ? ` (in build stage ${stage}, whose files the final image does not copy, but which stays in build caches)`
        : ` (in build stage ${stage}, whose history is not part of the final image but stays in build caches)`,
  };
}

function checkProperty(inst: DockerInstruction, p: DockerProperty, c: Ctx): void {
  const kw = inst.keyword;
  const value = p.value;
  const literal = value !== null && !isPureReference(value) && !value.includes('$') ? value : undefined;
  const scopeLine = inst.span.line;
  if (literal !== undefined && literal !== '') {
    const kind = credentialKind(literal);
    if (kind) {
      const { severity, where } = placed('high', inst, c);
      c.hits.push({
        ...spanHit(p.valueSpan ?? p.nameSpan, scopeLine),
        message: `${kw} ${p.name} holds what looks like ${kind}${where}; ${kw === 'ARG' ? 'ARG values are recorded in the image history' : 'ENV values are stored in the image config'} for anyone who can pull it.`,
        evidence: `${kw} ${p.name}=<masked>`,
        fix: 'Remove the value, revoke it, and pass the secret at build time with `RUN --mount=type=secret,id=<id>` instead.',
        ...sev(severity),
      });
      return;
    }
  }
  if (!isSecretName(p.name)) return;
  if (kw === 'ARG' && (value === null || value === '') && inst.stage >= 0) {
    const { severity, where } = placed('medium', inst, c);
    c.hits.push({
      ...spanHit(p.nameSpan, scopeLine),
      message: `Build argument ${p.name} is named like a secret${where}; a value passed with --build-arg is recorded in the image history and build provenance.`,
      evidence: `ARG ${p.name}`,
      fix: `Pass it as a build secret instead: \`RUN --mount=type=secret,id=${p.name.toLowerCase()},env=${p.name} ...\` with \`docker build --secret id=${p.name.toLowerCase()},env=${p.name}\`.`,
      ...sev(severity),
    });
    return;
  }
  if (kw === 'ENV' && value !== null && literal === undefined) {
    // `ARG NPM_TOKEN` + `ENV NPM_TOKEN=${NPM_TOKEN}`: the build argument's value is kept in the
    // image config, readable with `docker inspect` by anyone who pulls the image.
    const ref = referencedName(value);
    const arg = ref !== undefined ? stageArgBefore(inst, ref, c) : false;
    if (!arg) return;
    const { severity, where } = placed('medium', inst, c);
    c.hits.push({
      ...spanHit(p.valueSpan ?? p.nameSpan, scopeLine),
      message: `ENV ${p.name} copies the build argument ${ref} into the image config${where}; whatever is passed with --build-arg can be read by anyone who pulls the image.`,
      evidence: `ENV ${p.name}=${value.slice(0, 80)}`,
      fix: `Do not persist it: read it only in the step that needs it with \`RUN --mount=type=secret,id=${ref!.toLowerCase()},env=${ref} ...\`.`,
      ...sev(severity),
    });
    return;
  }
  if (literal === undefined || harmlessValue(literal)) return;
  const placeholder = isPlaceholder(literal);
  const { severity, where } = placed(placeholder ? 'medium' : 'high', inst, c);
  c.hits.push({
    ...spanHit(p.valueSpan ?? p.nameSpan, scopeLine),
    message: placeholder
      ? `${kw} ${p.name} is named like a secret and sets a default-looking literal value${where}; it is stored in the image where anyone who pulls it can read it.`
      : `${kw} ${p.name} is named like a secret and sets a literal value${where}; it is stored in the image where anyone who pulls it can read it.`,
    evidence: `${kw} ${p.name}=<masked>`,
    fix: 'Do not bake secrets into the image: pass them at run time (orchestrator secrets) or at build time with `RUN --mount=type=secret`.',
    ...sev(severity),
  });
}

/** The variable name of a pure reference (`$X`, `${X}`, `${X:-d}`), if any. */
function referencedName(value: string): string | undefined {
  if (!isPureReference(value)) return undefined;
  const t = value.trim();
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]{0,200})/.exec(t);
  return m?.[1];
}

/** Whether an ARG of that name is declared in the instruction's stage before it. */
function stageArgBefore(inst: DockerInstruction, name: string, c: Ctx): boolean {
  // An ONBUILD trigger is not in the list: it runs in a child build, with the child's ARGs.
  const stage = c.scope.stages[inst.stage]?.stage;
  if (!stage) return false;
  let declared = false;
  for (const i of stage.instructions) {
    if (i === inst) return declared;
    if (i.keyword === 'ARG' && i.properties.some((p) => p.name === name)) declared = true;
  }
  return false;
}

function checkCopy(inst: DockerInstruction, owner: DockerInstruction, c: Ctx): void {
  const args = commandArgs(inst);
  if (args.length < 2) return;
  for (const src of args.slice(0, -1)) {
    if (src.value.startsWith('<<') || src.value.startsWith('http://') || src.value.startsWith('https://'))
      continue;
    const f = secretFile(src.value);
    if (!f) continue;
    const { severity, where } = placed(f.severity, owner, c, 'files');
    c.hits.push({
      ...spanHit(src.span, owner.span.line),
      message: `${inst.keyword} puts ${f.what} into an image layer${where}; deleting it later does not remove it from the layer.`,
      evidence: `${inst.keyword} ${src.value}`,
      fix: 'Mount it only for the step that needs it: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` (or `--mount=type=ssh` for SSH keys), and list the file in .dockerignore.',
      ...sev(severity),
    });
  }
  // COPY <<EOF /root/.npmrc ... EOF: a credential written from a heredoc.
  const dest = args[args.length - 1]!;
  for (const h of inst.heredocs) {
    if (!h.contentSpan) continue;
    const body = h.content.length > MAX_VALUE ? h.content.slice(0, MAX_VALUE) : h.content;
    const kind = credentialKind(body);
    const file = credFileOf(dest.value);
    if (!kind && !(file && looksLikeCredential(file, body))) continue;
    const { severity, where } = placed('high', owner, c, 'files');
    c.hits.push({
      ...spanHit(kind ? h.contentSpan : dest.span, owner.span.line),
      message: kind
        ? `${inst.keyword} writes what looks like ${kind} into the image from a heredoc${where}.`
        : `${inst.keyword} writes a credential into ${file} from a heredoc${where}; the file stays in the image layer.`,
      evidence: `${inst.keyword} <<${h.name} ${dest.value}`,
      fix: 'Mount the file as a build secret for the step that needs it (`RUN --mount=type=secret,id=cfg,target=...`) instead of copying it in.',
      ...sev(severity),
    });
  }
}

// --- RUN -------------------------------------------------------------------------------------

function text(w: ShellWord): string {
  return w.value ?? w.partial;
}

function hasSecretMount(inst: DockerInstruction): boolean {
  return inst.flags.some((f) => {
    if (f.name.toLowerCase() !== 'mount' || !f.value) return false;
    return f.value.split(',').some((kv) => kv.trim().toLowerCase() === 'type=secret');
  });
}

interface RunHit {
  word: ShellWord;
  message: string;
  fix: string;
  /** Default 'high'. */
  severity?: Severity;
}

/** Credential set-up commands that leave a token in the layer. */
function setupHits(script: ShellScript): RunHit[] {
  const out: RunHit[] = [];
  const cmds = script.commands;
  const removedLater = (i: number, file: string): boolean =>
    cmds.slice(i + 1).some((c) => c.base === 'rm' && c.args.some((a) => credFileOf(text(a)) === file));
  for (const cmd of cmds) {
    const args = cmd.args;
    const a = args.map(text);
    const base = cmd.base;
    // npm|pnpm|yarn config set <key> <value> / key=value, key being an auth setting.
    if (
      (base === 'npm' || base === 'pnpm' || base === 'yarn') &&
      a[0] === 'config' &&
      a[1] === 'set' &&
      args[2]
    ) {
      const key = a[2]!.toLowerCase();
      if (
        key.includes('_authtoken') ||
        key.includes('_auth') ||
        key.includes('_password') ||
        key.includes('npmauthtoken') ||
        key.includes('npmauthident')
      ) {
        if (!removedLater(cmd.index, '.npmrc') && !removedLater(cmd.index, '.yarnrc.yml')) {
          out.push({
            word: args[2],
            message: `\`${base} config set ${a[2]!.split('=')[0]}\` writes a registry token into the user config file, which stays in the image layer.`,
            fix: 'Mount the config as a build secret: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`.',
          });
        }
      }
      continue;
    }
    // aws configure set aws_access_key_id|aws_secret_access_key|aws_session_token ...
    if (base === 'aws' && a[0] === 'configure' && a[1] === 'set' && args[2]) {
      const key = a[2]!.toLowerCase();
      if (
        key.includes('aws_access_key_id') ||
        key.includes('aws_secret_access_key') ||
        key.includes('aws_session_token')
      ) {
        if (!removedLater(cmd.index, '.aws/credentials')) {
          out.push({
            word: args[2],
            message: `\`aws configure set ${a[2]}\` writes an AWS credential into ~/.aws/credentials, which stays in the image layer.`,
            fix: 'Use `RUN --mount=type=secret,id=aws,target=/root/.aws/credentials` for the step that needs AWS access.',
          });
        }
      }
      continue;
    }
    if (base === 'docker' && a[0] === 'login') {
      const i = a.findIndex(
        (x) => x === '-p' || x === '--password' || x.startsWith('--password=') || x === '--password-stdin',
      );
      if (i !== -1) {
        out.push({
          word: args[i]!,
          message:
            '`docker login` in a build step stores the registry credential in ~/.docker/config.json inside the layer.',
          fix: 'Mount the Docker config as a build secret for that step instead of logging in.',
        });
      }
      continue;
    }
    if (base === 'gcloud' && a[0] === 'auth' && a[1] === 'activate-service-account') {
      out.push({
        word: args[1]!,
        message:
          '`gcloud auth activate-service-account` stores the service-account key in the gcloud config inside the layer.',
        fix: 'Mount the key with `RUN --mount=type=secret,id=gcp,target=/run/secrets/gcp.json` and avoid persisting the gcloud config.',
      });
      continue;
    }
    if ((base === 'az' && a[0] === 'login') || (base === 'doctl' && a[0] === 'auth' && a[1] === 'init')) {
      const i = a.findIndex((x) =>
        ['-p', '--password', '--federated-token', '-t', '--access-token'].includes(x.split('=')[0]!),
      );
      if (i !== -1) {
        out.push({
          word: args[i]!,
          message: `\`${base} ${a.slice(0, base === 'az' ? 1 : 2).join(' ')}\` with a credential stores it in the CLI config inside the layer.`,
          fix: 'Pass the credential with `RUN --mount=type=secret` and do not persist the CLI login in the image.',
        });
      }
      continue;
    }
    // `echo 'app:s3cret' | chpasswd`: a literal password is in the RUN line (image history) and
    // works for anyone who can run the image.
    if (base === 'chpasswd' && cmd.pipeIndex > 0) {
      const feeders = cmds.filter(
        (o) =>
          o.pipeline === cmd.pipeline &&
          o.pipeIndex < cmd.pipeIndex &&
          (o.base === 'echo' || o.base === 'printf'),
      );
      const literal = feeders.some((o) =>
        o.args.some((w) => !text(w).startsWith('-') && text(w).includes(':') && !w.raw.includes('$')),
      );
      if (literal) {
        out.push({
          word: cmd.nameWord,
          message:
            '`chpasswd` sets a password written literally in the RUN line, which is stored in the image history and works for anyone who runs the image.',
          fix: 'Do not set passwords at build time; create the user without a password (`useradd -r`) and pass credentials at run time.',
          severity: 'medium',
        });
      }
      continue;
    }
    // echo/printf ... > ~/.npmrc, tee ~/.npmrc
    const targets: ShellWord[] = [];
    for (const r of cmd.redirects)
      if ((r.op === '>' || r.op === '>>' || r.op === '>|' || r.op === '&>') && r.target)
        targets.push(r.target);
    if (base === 'tee') for (const w of args) if (!text(w).startsWith('-')) targets.push(w);
    for (const t of targets) {
      const file = credFileOf(text(t));
      if (!file) continue;
      const written = writtenText(cmd, cmds);
      if (!looksLikeCredential(file, written)) continue;
      if (removedLater(cmd.index, file)) continue;
      out.push({
        word: t,
        message: `A credential is written into ${file}, which stays in the image layer even if a later step deletes it.`,
        fix: `Mount the file as a build secret for the step that needs it: \`RUN --mount=type=secret,id=cfg,target=/root/${file} ...\`.`,
      });
    }
  }
  return out;
}

/** The text a command writes: its arguments, its heredoc, or (for tee) what the pipe feeds it. */
function writtenText(cmd: ShellCommand, cmds: ShellCommand[]): string {
  let s = cmd.args.map(text).join(' ');
  for (const r of cmd.redirects) if (r.heredoc) s += '\n' + r.heredoc.body.slice(0, MAX_VALUE);
  if (cmd.pipeIndex > 0) {
    for (const o of cmds)
      if (o.pipeline === cmd.pipeline && o.pipeIndex < cmd.pipeIndex) s += ' ' + o.args.map(text).join(' ');
  }
  return s.slice(0, MAX_VALUE);
}

function checkRun(inst: DockerInstruction, owner: DockerInstruction, c: Ctx): void {
  const script = inst.shell;
  if (!script) return;
  const scopeLine = owner.span.line;
  // Literal tokens anywhere in the command line.
  const seen = new Set<string>();
  for (const cmd of script.commands) {
    for (const w of [cmd.nameWord, ...cmd.args, ...cmd.assigns.flatMap((x) => (x.value ? [x.value] : []))]) {
      const kind = credentialKind(w.raw.length > MAX_VALUE ? w.raw.slice(0, MAX_VALUE) : w.raw);
      const key = `${w.line}:${w.column}`;
      if (!kind || seen.has(key)) continue;
      seen.add(key);
      const { severity, where } = placed('high', owner, c);
      c.hits.push({
        ...spanHit(w, scopeLine),
        message: `RUN contains what looks like ${kind}${where}; the command line is stored in the image history.`,
        evidence: `RUN ${cmd.base || 'command'} ... <masked>`,
        fix: 'Revoke it, and pass it with `RUN --mount=type=secret,id=<id>,env=<VAR>` instead.',
        ...sev(severity),
      });
    }
  }
  if (hasSecretMount(owner) || hasSecretMount(inst)) return;
  for (const h of setupHits(script)) {
    const { severity, where } = placed(h.severity ?? 'high', owner, c, 'files');
    c.hits.push({
      ...spanHit(h.word, scopeLine),
      message: h.message.replace(/\.$/, '') + where + '.',
      evidence: h.word.raw.length > 80 ? h.word.raw.slice(0, 80) : h.word.raw,
      fix: h.fix,
      ...sev(severity),
    });
  }
}

export const rule = defineRule({
  id: 'dockerfile/secret-in-image',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'high',
  title: 'Secret baked into the image',
  description:
    'Everything in an image can be read by anyone who can pull it: ENV values sit in its config, ARG values and RUN command lines in its history, and files added by COPY/ADD or written by RUN stay in their layer even when a later step deletes them. A token or password that gets there is as public as the image, and lives in every cache and mirror that holds it. High when a value looks like a real credential (a known token format, a private key, a password literal), medium for a name that only suggests one.',
  fix: 'Pass build-time secrets with `RUN --mount=type=secret,id=<id>` (and `docker build --secret`), runtime secrets through the orchestrator, and revoke any secret that was committed.',
  examples: {
    bad: 'ENV GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nARG NPM_TOKEN\nCOPY .npmrc /root/.npmrc\nRUN npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN"',
    good: 'ENV NPM_TOKEN_FILE=/run/secrets/npm_token\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
    language: 'dockerfile',
  },
  references: [
    'https://docs.docker.com/build/building/secrets/',
    'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/',
  ],
  check(model) {
    const scope = buildScope(model);
    const c: Ctx = { scope, hits: [], filesInFinal: stagesWithFilesInFinal(model, scope) };
    for (const { inst: target, owner: inst } of instructionsAsRun(model)) {
      switch (target.keyword) {
        case 'ENV':
        case 'ARG':
          for (const p of target.properties) checkProperty(target, p, c);
          break;
        case 'COPY':
        case 'ADD':
          checkCopy(target, inst, c);
          break;
        case 'RUN':
          checkRun(target, inst, c);
          break;
      }
    }
    return c.hits;
  },
});
