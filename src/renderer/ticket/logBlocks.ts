/**
 * Pasted logs and stack traces read best in monospace, but customers rarely fence them. Runs
 * of three or more log-like lines (timestamps, log levels, stack frames, PHP errors) are
 * fenced as code before the markdown is rendered, so they show as a code block (text, never
 * HTML). A message that already has a fence is left as it is.
 */
const logLine = [
  /^\s*\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/, // 2026-11-02 09:00:01 or [2026-11-02T09:00
  /^\s*\[?\d{2}[/.-]\w{2,3}[/.-]\d{2,4}[ :]\d{2}:\d{2}/, // 02/Nov/2026:09:00
  /^\s*\[?(ERROR|WARN(ING)?|INFO|DEBUG|TRACE|FATAL|NOTICE|CRITICAL)\b/i,
  /^\s*(PHP )?(Fatal error|Warning|Notice|Parse error|Deprecated):/,
  /^\s+at \S/, // a stack frame
  /^\s*#\d+ \S/, // a PHP stack frame
  /^\s*(Traceback|File ".*", line \d+)/,
  /^\s*\S+(Error|Exception)(: |$)/,
];

const isLogLine = (line: string) => logLine.some((p) => p.test(line));

export function fenceLogs(text: string): string {
  if (text.includes('```') || text.includes('~~~')) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    let j = i;
    // A run: log lines, with blank or indented continuation lines inside it.
    while (j < lines.length && (isLogLine(lines[j]!) || (j > i && /^\s+\S/.test(lines[j]!)))) j++;
    if (j - i >= 3) {
      out.push('```', ...lines.slice(i, j), '```');
      i = j;
    } else {
      out.push(lines[i]!);
      i += 1;
    }
  }
  return out.join('\n');
}
