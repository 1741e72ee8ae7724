import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The command line as an operator runs it: `src/main.ts --config <file>` (or a built `dist/main.js`) in its
// own process, stdout and stderr collected.

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface MainProcess {
  readonly child: ChildProcess;
  readonly stdout: string[];
  readonly stderr: string[];
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/**
 * `script`: the entry to run, from source under tsx by default, or a built `.js` file run by plain Node;
 * `extraArgs` come after `--config <file>`.
 */
export function runMain(
  config: unknown,
  env: Record<string, string> = {},
  script = 'src/main.ts',
  extraArgs: readonly string[] = [],
): MainProcess {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-main-'));
  const file = join(dir, 'proxy.json');
  writeFileSync(file, JSON.stringify(config));
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, script, '--config', file, ...extraArgs], {
    cwd: packageDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout, stderr, exited };
}

/** Waits for the `listening` line and returns its URL. */
export async function listeningUrl(run: MainProcess, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /"url":"(http:\/\/[^"]+)"/.exec(run.stdout.join(''));
    if (match?.[1] !== undefined) return match[1];
    if (run.child.exitCode !== null) throw new Error(`exited: ${run.stderr.join('')}`);
    if (Date.now() > deadline) throw new Error('no listening line');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every JSON log line written so far. */
export function logLines(run: MainProcess): Record<string, unknown>[] {
  return run.stdout
    .join('')
    .trim()
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
