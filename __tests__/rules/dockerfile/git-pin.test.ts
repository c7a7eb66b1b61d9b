/**
 * Issue 10, "consistent severities for the same risk": `ADD <git-url>#<ref>` / `?ref=<ref>`
 * (remote-add-no-checksum) and `git clone -b <ref>` / `git checkout <ref>` (git-clone-unpinned)
 * are graded by one function, so the same ref gets the same severity from both rules.
 */
import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { gitPin, type GitRefKind } from '../../../src/rules/dockerfile/git-pin.js';
import { rule as gitClone } from '../../../src/rules/dockerfile/git-clone-unpinned.js';
import { rule as remoteAdd } from '../../../src/rules/dockerfile/remote-add-no-checksum.js';
import { runRule } from '../../helpers/rules.js';

const SHA = '3f2a9c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const F = 'FROM alpine/git:2.45.2\n';
const U = 'https://github.com/acme/tool.git';

describe('gitPin', () => {
  const table: [string | undefined, GitRefKind, string, string | undefined, string][] = [
    // ref, how it is read, grade, severity, a word of the reason
    [SHA, 'ref', 'locked', undefined, 'commit'],
    [SHA.toUpperCase(), 'ref', 'locked', undefined, 'commit'],
    ['v1.2.3', 'ref', 'exact', 'low', 'tag'],
    ['1.21', 'ref', 'exact', 'low', 'tag'],
    ['release-1.4', 'ref', 'exact', 'low', 'tag'],
    [SHA.slice(0, 7), 'ref', 'exact', 'low', 'short commit'],
    ['main', 'ref', 'floating', 'medium', 'branch'],
    ['v1', 'ref', 'floating', 'medium', 'major-version'],
    ['2', 'ref', 'floating', 'medium', 'major-version'],
    [undefined, 'ref', 'unpinned', 'medium', 'default branch'],
    ['', 'ref', 'unpinned', 'medium', 'default branch'],
    ['${REF}', 'ref', 'unknown', undefined, 'build time'],
    // `clone -b` and `?tag=` take names only: a 40-hex word there is a (strange) name, a
    // variable is at best a tag.
    [SHA.replace(/\d/g, 'a'), 'name', 'floating', 'medium', 'branch'],
    ['v1.2.3', 'name', 'exact', 'low', 'tag'],
    ['$REF', 'name', 'exact', 'low', 'build time'],
    // `?branch=` is a branch whatever it is called.
    ['release-1.4', 'branch', 'floating', 'medium', 'branch'],
    ['$REF', 'branch', 'floating', 'medium', 'branch'],
  ];
  it.each(table)('%s read as %s is %s (%s)', (ref, kind, grade, severity, why) => {
    const p = gitPin(ref, kind);
    expect(p.grade).toBe(grade);
    expect(p.severity).toBe(severity);
    expect(p.reason).toContain(why);
  });
});

describe('ADD <git-url> and git clone grade a ref alike', () => {
  const severityOf = async (rule: typeof gitClone | typeof remoteAdd, text: string) => {
    const hits = await runRule(rule, parseDockerfile, text, 'Dockerfile');
    if (hits.length === 0) return 'none';
    expect(hits).toHaveLength(1);
    return hits[0]!.severity ?? rule.severity;
  };
  const refs: [string, string][] = [
    [SHA, 'none'],
    ['v1.2.3', 'low'],
    [SHA.slice(0, 10), 'low'],
    ['main', 'medium'],
    ['v1', 'medium'],
  ];
  it.each(refs)('%s', async (ref, expected) => {
    const forms = [
      await severityOf(remoteAdd, F + `ADD ${U}#${ref} /src\n`),
      await severityOf(remoteAdd, F + `ADD ${U}?ref=${ref}&keep-git-dir=1 /src\n`),
      await severityOf(gitClone, F + `RUN git clone ${U} /src && git -C /src checkout ${ref}\n`),
    ];
    // `git clone -b` never takes a commit; compare it only for names.
    if (!/^[0-9a-f]{10,}$/.test(ref))
      forms.push(await severityOf(gitClone, F + `RUN git clone -b ${ref} ${U} /src\n`));
    expect(forms).toEqual(forms.map(() => expected));
  });
  it('no ref at all', async () => {
    expect(await severityOf(remoteAdd, F + `ADD ${U} /src\n`)).toBe('medium');
    expect(await severityOf(gitClone, F + `RUN git clone ${U} /src\n`)).toBe('medium');
  });
});
