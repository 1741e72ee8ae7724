// RFC 3676 format=flowed, decoded with quote depth kept (4.5): a soft line break joins the next line only when
// both lines have the same number of '>' marks, and the marks of the joined line are dropped. postal-mime and
// mailparser both join on the trailing space alone, which leaves a stray "> " in the middle of a quoted
// paragraph; the worker uses this decoder instead when a message's text is one flowed part (prepare-raw.ts).

interface FlowedLine {
  readonly depth: number;
  readonly text: string;
}

function splitQuote(line: string): FlowedLine {
  let depth = 0;
  while (line[depth] === '>') depth++;
  let text = line.slice(depth);
  // 4.4: space-stuffing is removed after the quote marks.
  if (text.startsWith(' ')) text = text.slice(1);
  return { depth, text };
}

const isSignatureSeparator = (text: string): boolean => text === '-- ';

/** Unwraps flowed text. Quoted paragraphs come out as one line each, prefixed with '> ' per quote level. */
export function decodeFlowed(text: string, delSp: boolean): string {
  const out: string[] = [];
  let paragraph: string | null = null;
  let depth = 0;
  const flush = (): void => {
    if (paragraph === null) return;
    out.push((depth > 0 ? '>'.repeat(depth) + ' ' : '') + paragraph);
    paragraph = null;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = splitQuote(raw);
    if (paragraph !== null && line.depth !== depth) flush();
    const soft = line.text.endsWith(' ') && !isSignatureSeparator(line.text);
    const content = soft && delSp ? line.text.slice(0, -1) : line.text;
    if (paragraph === null) {
      paragraph = content;
      depth = line.depth;
    } else paragraph += content;
    if (!soft) flush();
  }
  flush();
  return out.join('\n');
}
