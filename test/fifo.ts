/** mkfifo(1) for tests: Node has no mkfifo of its own. */
import { execFileSync } from 'node:child_process';

export function mkfifoSync(path: string): void {
  execFileSync('mkfifo', [path]);
}
