/**
 * `npm run preview [outdir]`: the review channels of examples/insecure-app and of a 500-finding
 * tree, written as markdown with their sizes, for people changing the layout (not for CI). With
 * a GFM renderer installed (`marked`), each is also written as HTML; with Debian's `chromium`,
 * screenshotted. Neither is a dependency: without them the markdown and the sizes are the output.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { manyFindings, renderChannels, scanTree } from './preview-channels.js';

const out = resolve(process.argv[2] ?? 'preview');
mkdirSync(out, { recursive: true });

type Render = (md: string) => string;
async function gfm(): Promise<Render | undefined> {
  try {
    const name = 'marked';
    const m = (await import(name)) as { marked: { parse(md: string, o: object): string } };
    return (md) => m.marked.parse(md, { gfm: true, async: false });
  } catch {
    return undefined;
  }
}

function chromium(): string | undefined {
  for (const bin of ['chromium', 'chromium-browser']) {
    try {
      execFileSync(bin, ['--version'], { stdio: 'ignore' });
      return bin;
    } catch {
      // next
    }
  }
  return undefined;
}

const render = await gfm();
const browser = render ? chromium() : undefined;
const app = await scanTree('examples/insecure-app');
const trees = [
  ['insecure-app', app.findings],
  ['500-findings', manyFindings(app.findings, 500)],
] as const;
const rows: string[] = ['| tree | channel | bytes |', '| --- | --- | ---: |'];
for (const [tree, findings] of trees) {
  const ch = renderChannels(findings, { files: app.files, suppressed: app.suppressed });
  const docs = {
    'job-summary': ch.jobSummary,
    comment: ch.comment,
    'check-summary': `# ${ch.checkTitle}\n\n${ch.checkSummary}`,
    'check-text': ch.checkText,
    cli: ch.cli,
  };
  for (const [name, md] of Object.entries(docs)) {
    const base = join(out, `${tree}-${name}`);
    writeFileSync(`${base}.md`, md);
    rows.push(`| ${tree} | ${name} | ${Buffer.byteLength(md)} |`);
    if (!render) continue;
    writeFileSync(
      `${base}.html`,
      `<!doctype html><meta charset="utf-8"><style>body{font:14px/1.5 -apple-system,"Segoe UI",sans-serif;max-width:880px;margin:24px auto;color:#1f2328}code{background:#eff1f3;padding:.2em .4em;border-radius:6px;font-size:85%}a{color:#0969da}</style>${render(md)}`,
    );
    if (browser)
      execFileSync(
        browser,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--window-size=1000,900',
          `--screenshot=${base}.png`,
          `file://${base}.html`,
        ],
        { stdio: 'ignore' },
      );
  }
  rows.push(`| ${tree} | annotations (JSON) | ${Buffer.byteLength(JSON.stringify(ch.annotations))} |`);
}
writeFileSync(join(out, 'sizes.md'), `${rows.join('\n')}\n`);
console.log(rows.join('\n'));
console.log(
  `\nWritten to ${out}${render ? '' : ' (markdown only: install `marked` for HTML)'}${render && !browser ? ' (no chromium: no screenshots)' : ''}.`,
);
