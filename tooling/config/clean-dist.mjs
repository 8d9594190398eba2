// Removes the package's dist/ before a build, so a file renamed or deleted in src/ cannot linger in
// dist/ and be packed (tsc only writes what it emits now; it never deletes).
import { rmSync } from 'node:fs';

rmSync(new URL('dist', `file://${process.cwd()}/`), { recursive: true, force: true });
