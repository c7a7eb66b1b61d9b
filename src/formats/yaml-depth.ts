/**
 * The deepest flow-collection nesting (`[` and `{`) in YAML text, found in one linear pass that
 * skips quoted scalars and comments. The `yaml` package recurses per level and takes seconds to
 * overflow on 100k-deep input; checking first turns that into an immediate, positioned error.
 */
export const MAX_YAML_FLOW_DEPTH = 256;

export function flowTooDeep(
  text: string,
  max = MAX_YAML_FLOW_DEPTH,
): { line: number; column: number } | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let prev = '\n';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = i + 1;
    } else if (c === '#' && (prev === ' ' || prev === '\t' || prev === '\n')) {
      const nl = text.indexOf('\n', i);
      if (nl === -1) return undefined;
      i = nl - 1;
    } else if (c === '"' || c === "'") {
      // Quoted scalars may span lines; count the newlines they hold.
      let j = i + 1;
      for (; j < text.length; j++) {
        const d = text[j]!;
        if (d === '\n') {
          line++;
          lineStart = j + 1;
        } else if (c === '"' && d === '\\') j++;
        else if (d === c) {
          if (c === "'" && text[j + 1] === "'") j++;
          else break;
        }
      }
      i = j;
    } else if (c === '[' || c === '{') {
      if (++depth > max) return { line, column: i - lineStart + 1 };
    } else if (c === ']' || c === '}') {
      if (depth > 0) depth--;
    }
    prev = text[i]!;
  }
  return undefined;
}
