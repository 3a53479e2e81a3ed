import { spawn } from 'node:child_process';

export interface KillableChildOptions {
  env: Record<string, string>;
  /** true: the test kills it, so it must end by SIGKILL; false: it must finish by itself with code 0. */
  expectKill: boolean;
  /** Hard bound: the child is SIGKILLed after this long whatever happens. */
  guardMs: number;
  /** Each line the child prints on stdout; `kill` SIGKILLs it. */
  onLine(line: string, kill: () => void): void;
}

/**
 * Runs a TypeScript child for a kill test with `node --import tsx`, not the tsx CLI: the CLI runs
 * the script in a grandchild that a SIGKILL of the CLI would miss (the kill would never hit the
 * code under test). Rejects, with the child's stderr, when it ends the way the test did not expect.
 */
export function runKillableChild(script: string, options: KillableChildOptions): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const kill = () => child.kill('SIGKILL');
    let buffer = '';
    let stderr = '';
    const guard = setTimeout(kill, options.guardMs);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        options.onLine(line, kill);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (!options.expectKill && code !== 0) reject(new Error(`child exited ${code ?? signal}: ${stderr}`));
      else if (options.expectKill && signal !== 'SIGKILL') reject(new Error(`child ended by itself (${code}): ${stderr}`));
      else resolve({ code, signal });
    });
  });
}
