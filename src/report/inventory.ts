/**
 * The pin summary: build inputs by kind and grade, as the text report, the job summary and the
 * check run end with it, and `bulkhead inventory` prints it; and the inventory as JSON. Pure.
 */
import {
  GRADES,
  gradePhrase,
  summarizeInventory,
  type Inventory,
  type InventorySummary,
} from '../inventory/index.js';
import { renderMessage } from './escape.js';
import { sanitizeForTerminal } from './text.js';

/** `base images  14: 9 locked, 5 floating`, one line per kind, then the total. */
export function renderInventoryText(s: InventorySummary): string {
  const rows = [...s.byKind.map((r) => [r.label, r.counts] as const), ['all build inputs', s.total] as const];
  const w = Math.max(...rows.map(([l, c]) => `${l} ${c.total}`.length));
  const lines = rows.map(([label, c]) => {
    const head = `${label} ${' '.repeat(w - `${label} ${c.total}`.length)}${c.total}`;
    return `  ${head}: ${gradePhrase(c)}`;
  });
  if (s.total.total === 0) return 'Build inputs: none found.\n';
  return `Build inputs by pin grade:\n${lines.join('\n')}\n`;
}

/** The same table in markdown, one column per grade. */
export function renderInventoryMarkdown(s: InventorySummary): string {
  if (s.total.total === 0) return '### Build inputs\n\nNo build inputs found.\n';
  const head = `| Build input | Total | ${GRADES.join(' | ')} |\n|---|--:|${GRADES.map(() => '--:').join('|')}|`;
  const row = (label: string, c: InventorySummary['total']) =>
    `| ${label} | ${c.total} | ${GRADES.map((g) => (c[g] > 0 ? String(c[g]) : '')).join(' | ')} |`;
  return [
    '### Build inputs',
    '',
    'Everything the build pulls in, by how fixed it is (`locked`: content-addressed; `exact`: a version a registry could republish; `floating`: a range or moving tag; `unpinned`: nothing or `latest`; `unknown`: a build-time variable decides).',
    '',
    head,
    // Labels are Bulkhead's own words (KIND_LABELS), never file text; escaped all the same.
    ...s.byKind.map((r) => row(renderMessage(r.label), r.counts)),
    row('**all**', s.total),
    '',
  ].join('\n');
}

/** Version of the JSON shape below (bumped on a breaking change). */
export const INVENTORY_JSON_VERSION = 1;

/** `bulkhead inventory --format json`: the summary and every input with its occurrences. */
export function renderInventoryJson(inv: Inventory): string {
  const s = summarizeInventory(inv);
  return `${JSON.stringify(
    {
      version: INVENTORY_JSON_VERSION,
      summary: {
        total: s.total,
        byKind: Object.fromEntries(s.byKind.map((r) => [r.kind, r.counts])),
      },
      inputs: inv.inputs,
    },
    null,
    2,
  )}\n`;
}

/** Every input, one line each, under the table (`bulkhead inventory --list`). */
export function renderInventoryList(inv: Inventory): string {
  return inv.inputs
    .map((i) => {
      const v = i.version !== undefined ? `@${i.version}` : '';
      const at = i.occurrences[0]!;
      const more = i.occurrences.length > 1 ? ` (+${i.occurrences.length - 1})` : '';
      return sanitizeForTerminal(
        `  ${i.grade.padEnd(8)}  ${i.kind.padEnd(17)}  ${i.name}${v}  ${at.path}:${at.line}${more}`,
      );
    })
    .join('\n');
}
