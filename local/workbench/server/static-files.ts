/** Serves the workbench's files (static/ and the bundles under .local/build/workbench) by plain name. */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** The file `name` (no folders: anything else is 404) from `dir`, never cached (dev builds change). */
export async function serveFile(dir: string, name: string, headers: Record<string, string> = {}): Promise<Response> {
  const type = TYPES[extname(name)];
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.') || !type) return Response.json({ error: `No file ${name}` }, { status: 404 });
  try {
    const content = await readFile(join(dir, name));
    return new Response(content, { headers: { 'content-type': type, 'cache-control': 'no-store', ...headers } });
  } catch {
    const hint = dir.includes('build') ? ' (the workbench bundles are not built yet, or the build failed: see the dev server output)' : '';
    return Response.json({ error: `${name} is missing${hint}` }, { status: 404 });
  }
}
