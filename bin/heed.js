#!/usr/bin/env node
// Runs the TypeScript CLI from the checkout, in this same process, so `npx heed …` works and signals
// (Ctrl-C, SIGTERM) reach the server directly.
//
// The sources under src/ are bundled with esbuild (about 0.2 s; packages stay external, imported from
// node_modules) into node_modules/.cache/heed/ and run as plain JavaScript. Running them through
// tsx's loader hook instead keeps a second V8 isolate and every module's source alive for the life of
// the process: about 85 MB more resident memory for a server that idles near 100 MB without it (see
// docs/PERFORMANCE.md). So code under src/ must not locate files relative to its own module URL.
// Where the bundle cannot be built or written (a read-only node_modules, say), or with HEED_TSX=1,
// it falls back to tsx.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STALE_BUNDLE_MS = 24 * 3600_000;

async function bundle() {
  const { buildSync } = await import('esbuild');
  const result = buildSync({
    entryPoints: [join(root, 'src/entry/cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // No source map: keeping one costs ~14 MB of resident memory. Stack traces name lines of the
    // bundle, which is readable and marks each module with a `// src/…` comment; HEED_TSX=1 gives
    // source lines.
    sourcemap: false,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const name = `cli-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  const dir = join(root, 'node_modules', '.cache', 'heed');
  const file = join(dir, name);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written under a private name and renamed, so concurrent starts never read half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, code);
    renameSync(partial, file);
    for (const other of readdirSync(dir)) {
      const path = join(dir, other);
      try {
        if (other !== name && Date.now() - statSync(path).mtimeMs > STALE_BUNDLE_MS) unlinkSync(path);
      } catch {
        // another process cleaned it up first
      }
    }
  }
  return file;
}

let bundled = null;
if (process.env.HEED_TSX !== '1') {
  try {
    bundled = await bundle();
  } catch {
    bundled = null;
  }
}
if (bundled) {
  await import(pathToFileURL(bundled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/entry/cli.ts');
}
