/** A command block of a Markdown file: fenced (```bash …```) or indented by four spaces. */
export interface CommandBlock {
  /** The nearest heading above it, without the #s. */
  section: string;
  /** 1 for the first block of its section, 2 for the next … */
  ordinal: number;
  kind: 'fenced' | 'indented';
  /** Its language after the fence (`bash`, `sh`, … or empty); indented blocks have none. */
  language: string;
  /** The commands, unindented, without the fences. */
  text: string;
  /** 1-based line of its first line in the file. */
  line: number;
}

const LIST_ITEM = /^\s*([-*+]|\d+\.)\s/;

/**
 * Every fenced block (any language: a block this repository does not expect fails its test) and
 * every indented block (four spaces after a blank line, outside a list item) of `markdown`.
 */
export function commandBlocks(markdown: string): CommandBlock[] {
  const lines = markdown.split('\n');
  const blocks: CommandBlock[] = [];
  const perSection = new Map<string, number>();
  let section = '';
  const add = (block: Omit<CommandBlock, 'section' | 'ordinal'>): void => {
    const ordinal = (perSection.get(section) ?? 0) + 1;
    perSection.set(section, ordinal);
    blocks.push({ section, ordinal, ...block });
  };
  let inList = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (fence) {
      const [, , marker, language] = fence;
      const body: string[] = [];
      const start = index;
      for (index++; index < lines.length && !lines[index].trimStart().startsWith(marker); index++) body.push(lines[index]);
      add({ kind: 'fenced', language, text: body.join('\n'), line: start + 1 });
      inList = false;
      continue;
    }
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      section = heading[1];
      inList = false;
      continue;
    }
    if (line.trim() === '') continue;
    const previousBlank = index > 0 && lines[index - 1].trim() === '';
    if (/^ {4}/.test(line) && previousBlank && !inList) {
      const body: string[] = [];
      const start = index;
      while (index < lines.length && (/^ {4}/.test(lines[index]) || (lines[index].trim() === '' && /^ {4}/.test(lines[index + 1] ?? '')))) {
        body.push(lines[index].slice(4));
        index++;
      }
      index--;
      add({ kind: 'indented', language: '', text: body.join('\n'), line: start + 1 });
      continue;
    }
    if (LIST_ITEM.test(line)) inList = true;
    else if (!/^\s/.test(line)) inList = false;
  }
  return blocks;
}
