// Build step: the browser files under src/**/assets (HTML, CSS, JS, GraphQL) go to
// dist next to the compiled modules that read them; tsc copies only TypeScript output.
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

for (const entry of readdirSync('src', { recursive: true, withFileTypes: true })) {
  if (entry.isDirectory() && entry.name === 'assets') {
    const from = join(entry.parentPath, entry.name);
    cpSync(from, join('dist', from), { recursive: true });
  }
}
