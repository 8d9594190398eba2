// Runs the ```ts code blocks of a package README as a module inside the package, so that a README
// example that stops working fails the package's tests.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

/**
 * Extracts every ```ts block of `<packageDir>/README.md`, writes them as one module next to the
 * package's tests and imports it; resolves with what the example printed through console.log.
 * @param {string} packageDir absolute path of the package
 * @returns {Promise<string[]>}
 */
export async function runReadmeExamples(packageDir) {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (blocks.length === 0) throw new Error(`${packageDir}/README.md has no ts example`);
  const file = join(packageDir, 'test', `.readme-example-${process.pid}.ts`);
  const printed = [];
  const log = console.log;
  writeFileSync(file, `${blocks.join('\n')}\nexport {};\n`);
  console.log = (...args) => printed.push(format(...args));
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    console.log = log;
    rmSync(file, { force: true });
  }
  return printed;
}
