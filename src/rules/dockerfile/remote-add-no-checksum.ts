import type { DockerfileModel, DockerInstruction } from '../../formats/dockerfile/model.js';
import { buildScope, commandArgs, type DockerScope } from '../../formats/dockerfile/scope.js';
import { checkedFiles } from '../../formats/dockerfile/shell/checksum.js';
import { fileKey, isCommitPinnedUrl } from '../../formats/dockerfile/shell/downloads.js';
import { instructionsAsRun, runScripts, type RunScript } from '../../formats/dockerfile/shell/walk.js';
import { defineRule, hit, type Hit } from '../../core/index.js';
import { isFullCommit } from '../../refs/git.js';
import { gitPin, isPinned, type GitRefKind } from './git-pin.js';
import { trimTrailing } from '../../core/trim.js';

const CHECKSUM_RE = /^sha(256:[a-fA-F0-9]{64}|384:[a-fA-F0-9]{96}|512:[a-fA-F0-9]{128})$/;

function isHttp(s: string): boolean {
  const l = s.slice(0, 8).toLowerCase();
  return l.startsWith('http://') || l.startsWith('https://');
}

/** An http(s) URL or a git remote form, by its scheme or prefix alone. */
function isKnownRemote(s: string): boolean {
  const l = s.slice(0, 11).toLowerCase();
  return isHttp(s) || l.startsWith('git://') || l.startsWith('git@') || l.startsWith('ssh://');
}

/** BuildKit's git source detection: git://, ssh://, git@host:, github.com/..., or an http(s) URL whose path ends in .git. */
export function isGitSource(s: string): boolean {
  const l = s.toLowerCase();
  if (l.startsWith('git://') || l.startsWith('git@') || l.startsWith('ssh://') || l.startsWith('github.com/'))
    return true;
  if (!isHttp(s)) return false;
  let end = l.length;
  for (const c of ['#', '?']) {
    const i = l.indexOf(c);
    if (i !== -1 && i < end) end = i;
  }
  let path = l.slice(0, end);
  while (path.endsWith('/')) path = path.slice(0, -1);
  return path.endsWith('.git');
}

export interface GitSourceRef {
  ref?: string;
  kind: GitRefKind;
  checksum?: string;
}

/**
 * The ref a git source pins: the `#ref[:subdir]` fragment, or the query's `commit=` (wins),
 * `ref=`, `tag=` (a tag name) or `branch=` (a branch) value, as BuildKit reads them.
 */
export function gitRef(s: string): GitSourceRef {
  const out: GitSourceRef = { kind: 'ref' };
  const hash = s.indexOf('#');
  const q = s.indexOf('?');
  if (q !== -1 && (hash === -1 || q < hash)) {
    const query = s.slice(q + 1, hash > q ? hash : undefined);
    let fromCommit = false;
    for (const part of query.split('&')) {
      const eq = part.indexOf('=');
      if (eq === -1) continue;
      const k = part.slice(0, eq).toLowerCase();
      const v = part.slice(eq + 1);
      if (k === 'commit') {
        out.ref = v;
        out.kind = 'ref';
        fromCommit = true;
      } else if (!fromCommit && out.ref === undefined && (k === 'ref' || k === 'tag' || k === 'branch')) {
        out.ref = v;
        out.kind = k === 'ref' ? 'ref' : k === 'tag' ? 'name' : 'branch';
      }
      if (k === 'checksum') out.checksum = v;
    }
  }
  if (hash !== -1) {
    const frag = s.slice(hash + 1);
    const colon = frag.indexOf(':');
    out.ref = colon === -1 ? frag : frag.slice(0, colon);
    out.kind = 'ref';
  }
  return out;
}

function mask(url: string): string {
  // Never echo credentials embedded in a URL.
  return url.replace(/\/\/[^/@\s]*@/, '//***@');
}

/**
 * A shell-form ADD word as BuildKit's lexer reads it: quotes removed (`"https://..."`), escapes
 * resolved, and `$` inside single quotes kept literal (written as `<escape>$`, which substitution
 * leaves alone). JSON-form words are already exact.
 */
export function unquoteWord(raw: string, esc: string): string {
  let out = '';
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else out += c === '$' ? `${esc}$` : c;
      continue;
    }
    if (c === esc && i + 1 < raw.length) {
      const n = raw[i + 1]!;
      // `\$` stays escaped for substitution; inside double quotes only `"`, `$` and the escape are escapes.
      if (n === '$') out += `${esc}$`;
      else if (quote === '"' && n !== '"' && n !== esc) out += c + n;
      else out += n;
      i++;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else out += c;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else out += c;
  }
  return out;
}

/** The text before the first unescaped `$`: what is known of a value with unknown variables. */
function literalPrefix(text: string, esc: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === esc && text[i + 1] === '$') {
      i++;
      continue;
    }
    if (text[i] === '$') return text.slice(0, i);
  }
  return text;
}

function urlBaseName(url: string): string {
  let u = url;
  const q = u.search(/[?#]/);
  if (q !== -1) u = u.slice(0, q);
  u = trimTrailing(u, '/');
  return u.slice(u.lastIndexOf('/') + 1);
}

/**
 * The base names the ADDed file may get: the URL's when the destination is a directory (trailing
 * slash, several sources); the destination's otherwise, or the URL's when that path is an existing
 * directory. None when the destination is unknown.
 */
function addedFileKeys(url: string, dest: string | undefined, sources: number): string[] {
  if (dest === undefined) return [];
  const fromUrl = urlBaseName(url);
  const dir = sources > 1 || dest === '.' || dest.endsWith('/') || dest.endsWith('\\');
  const keys = dir ? [fromUrl] : [fileKey(dest), fromUrl];
  return keys.filter((k) => k !== '' && !k.includes('$'));
}

/** For each ADD, the first RUN after it in the same stage (ONBUILD triggers only with triggers). */
function nextRuns(model: DockerfileModel): Map<DockerInstruction, RunScript> {
  const runs = new Map<DockerInstruction, RunScript>();
  for (const r of runScripts(model)) runs.set(r.inst, r);
  const all = [...instructionsAsRun(model)];
  const next = new Map<string, RunScript>();
  const out = new Map<DockerInstruction, RunScript>();
  for (let i = all.length - 1; i >= 0; i--) {
    const { inst, owner } = all[i]!;
    const slot = `${owner.stage}:${inst !== owner}`;
    if (inst.keyword === 'RUN') {
      const r = runs.get(inst);
      if (r) next.set(slot, r);
      else next.delete(slot);
    } else if (inst.keyword === 'ADD') {
      const r = next.get(slot);
      if (r) out.set(inst, r);
    }
  }
  return out;
}

interface AddContext {
  scope: DockerScope;
  esc: string;
  nextRun?: RunScript;
}

function checkAdd(
  inst: DockerInstruction,
  owner: DockerInstruction,
  onbuild: boolean,
  cx: AddContext,
): Hit[] {
  const hits: Hit[] = [];
  const { scope, esc } = cx;
  const read = (text: string): { value?: string; written: string } => {
    const written = inst.jsonForm ? text : unquoteWord(text, esc);
    // A trigger runs in the child's build, where this stage's ARG values do not apply.
    const value = onbuild ? (written.includes('$') ? undefined : written) : scope.resolve(written, owner);
    return { value, written };
  };
  const checksumFlag = inst.flags.find((f) => f.name.toLowerCase() === 'checksum');
  const flagValue = checksumFlag?.value;
  const checksumRead = flagValue !== null && flagValue !== undefined ? read(flagValue) : undefined;
  const checksum = checksumRead?.value;
  const checksumUnknown = checksumRead !== undefined && checksumRead.value === undefined;
  const unpack = inst.flags.some((f) => f.name.toLowerCase() === 'unpack' && f.value !== 'false');
  const args = commandArgs(inst);
  const sources = args.slice(0, -1);
  // The destination as BuildKit reads it; undefined when unknown (no check can then be matched).
  const dest = args.length > 1 ? read(args[args.length - 1]!.value).value : undefined;
  for (const src of sources) {
    if (src.value.startsWith('<<')) continue;
    const { value, written } = read(src.value);
    // Unknown variables: decide on what is known. `${URL}` may be a local path (skipped); a
    // literal scheme makes it a download whatever the variables hold.
    const text = value ?? written;
    const prefix = value ?? literalPrefix(written, esc);
    const shown = mask(value !== undefined ? value : text.split(`${esc}$`).join('$'));
    const via =
      value !== undefined && value !== written.split(`${esc}$`).join('$') ? ` (from '${mask(written)}')` : '';
    const scopeLine = owner.span.line;
    if (isGitSource(prefix) || (value === undefined && isKnownRemote(prefix) && isGitSource(text))) {
      const { ref, kind, checksum: qsum } = gitRef(text);
      const sum = checksum ?? qsum;
      if (checksumUnknown || (sum !== undefined && (isFullCommit(sum) || sum.includes('$')))) continue;
      const pin = gitPin(ref, kind);
      if (isPinned(pin)) continue;
      hits.push(
        hit(
          src.span,
          `ADD of the git repository '${shown}'${via}: ${pin.reason}; BuildKit fetches whatever that points at when the image is built.`,
          {
            evidence: mask(src.value),
            fix: 'Pin a full commit: `ADD https://example.com/repo.git#<40-hex-commit> /dst` (or `ADD --checksum=<40-hex-commit> <git-url> /dst`).',
            scopeLine,
            severity: pin.severity,
          },
        ),
      );
      continue;
    }
    if (!isKnownRemote(prefix)) continue;
    if (checksumUnknown) continue; // `--checksum=${SHA}`: BuildKit checks whatever digest it is given.
    if (checksum !== undefined && CHECKSUM_RE.test(checksum)) continue;
    // Content named by a full commit (`raw.githubusercontent.com/o/r/<sha>/f`) cannot change.
    if (value !== undefined && isCommitPinnedUrl(value)) continue;
    const malformed = checksum !== undefined;
    if (!malformed && !unpack && cx.nextRun) {
      const checked = checkedFiles(cx.nextRun.script);
      if (addedFileKeys(text, dest, sources.length).some((k) => checked.has(k))) continue;
    }
    const unknownPart =
      value === undefined
        ? `; whatever the variables in it hold at build time, the download is not verified`
        : '';
    hits.push(
      hit(
        malformed && checksumFlag ? checksumFlag.span : src.span,
        malformed
          ? `ADD of '${shown}'${via} has a malformed --checksum (expected sha256:<64 hex>), so the download is not verified.`
          : value === undefined
            ? `ADD downloads '${shown}' without --checksum${unknownPart}.`
            : `ADD downloads '${shown}'${via} without --checksum and no check of the file in the next RUN; whatever the server returns goes into the image unverified.`,
        {
          evidence: malformed && checksumFlag ? `--checksum=${checksumFlag.value}` : mask(src.value),
          fix: `Add the expected digest: \`ADD --checksum=sha256:<64-hex> ${shown} <dst>\` (compute it once with \`curl -fsSL <url> | sha256sum\`), or check the file at the start of the next RUN (\`echo "<sha256>  <file>" | sha256sum -c -\`).`,
          scopeLine,
        },
      ),
    );
  }
  return hits;
}

export const rule = defineRule({
  id: 'dockerfile/remote-add-no-checksum',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'high',
  title: 'ADD of a URL or git repository without a checksum or commit',
  description:
    '`ADD <url>` puts whatever the server returns at build time into the image; if the file is replaced (a compromised release page, a hijacked domain), the next build ships it without any change to the Dockerfile. `--checksum=sha256:...` makes BuildKit refuse content that differs from what was reviewed. A download is also treated as verified when the next RUN of the stage checks that very file (`echo "<sha256>  /tmp/tool.tgz" | sha256sum -c -`, `sha256sum -c tool.tgz.sha256`, `gpg --verify tool.tgz.asc tool.tgz`, `cosign verify-blob`, PowerShell `(Get-FileHash tool.exe).Hash -ne $Env:SHA`), as the shell rules accept the same check within one RUN; a check of another file, a sums file that names no file, or a check in a later RUN does not count. A URL that names a full commit on a git host (`raw.githubusercontent.com/o/r/<40-hex>/f`, `.../archive/<40-hex>.tar.gz`) is pinned content and not reported. Sources are read as BuildKit reads them, quotes removed; a URL with a build-time variable (`https://host/v${VER}/agent.jar`) is reported whatever the variable holds, unless `--checksum` is given; a source that is only a variable (`${SRC}`, perhaps a local file) is not. `ADD <git-url>` is graded as `git clone` is (git-clone-unpinned): a full 40-hex commit (`#<commit>`, `?commit=`, or `--checksum=<commit>`) is not reported, an exact tag or a short commit is low, a branch, a major-only tag (`v1`) or no ref is medium, and a ref from a variable (which may be a commit) is not reported. One finding per ADD source.',
  fix: 'Add `--checksum=sha256:<digest>` to `ADD <url>`, and pin git sources to a full commit (`repo.git#<40-hex-commit>`).',
  examples: {
    bad: 'ADD https://example.com/tool-1.2.tar.gz /tmp/\nADD https://github.com/acme/lib.git#v1.2 /src/lib',
    good: 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.tar.gz /tmp/\nADD https://github.com/acme/lib.git#3f1c9b2d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c /src/lib',
    language: 'dockerfile',
  },
  references: ['https://docs.docker.com/reference/dockerfile/#add---checksum'],
  check(model) {
    const scope = buildScope(model);
    const next = nextRuns(model);
    const hits: Hit[] = [];
    for (const { inst, owner } of instructionsAsRun(model))
      if (inst.keyword === 'ADD')
        hits.push(
          ...checkAdd(inst, owner, inst !== owner, { scope, esc: model.escapeChar, nextRun: next.get(inst) }),
        );
    return hits;
  },
});
