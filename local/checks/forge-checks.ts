import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ManifestSchema } from '@forge/manifest';

/** One problem reported by Atlassian's manifest validator or linters. */
export interface ForgeProblem {
  level: 'error' | 'warning';
  message: string;
  reference?: string;
  file?: string;
  line?: number;
}

/** Runs @forge/manifest's full validate() on manifest.yml (the check `forge deploy` runs first). */
export async function validateManifest(appDir: string): Promise<ForgeProblem[]> {
  const { validate } = await import('@forge/manifest');
  const result = await validate(false, join(appDir, 'manifest.yml'));
  return (result.errors ?? []).map((e) => ({
    level: e.level === 'warning' ? 'warning' : 'error',
    message: e.message,
    reference: e.reference,
    line: e.line,
  }));
}

/**
 * The permission linter's Confluence v2 OpenAPI document: Atlassian's official Confluence Cloud REST API v2
 * document, kept unchanged next to this file (source in local/checks/README.md). `forge lint` downloads it;
 * offline, @forge/lint reads it from LOCAL_CONF_V2_SWAGGER, which lintApp points at this copy.
 */
const CONFLUENCE_V2_DOCUMENT = fileURLToPath(new URL('./confluence-v2.openapi.json', import.meta.url));

export interface LintOutcome {
  problems: ForgeProblem[];
  filesLinted: number;
}

/**
 * Runs @forge/lint's client-side linters over src/ like `forge lint` does, offline. The permission
 * linter needs Atlassian's OpenAPI documents: it gets the project's Confluence v2 document and empty
 * documents for the products the app does not call. A missing v2 document is an error.
 */
export async function lintApp(appDir: string, options: { adjustManifest?: (manifest: ManifestSchema) => void } = {}): Promise<LintOutcome> {
  const previousCwd = process.cwd();
  process.chdir(appDir);
  try {
    const { lint, getClientSideLintersOnly } = await import('@forge/lint');
    const { parse } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    const manifest = parse(readFileSync('manifest.yml', 'utf8')) as ManifestSchema;
    options.adjustManifest?.(manifest);
    const statsig = { getDeprecatedRuntimes: async () => [] };
    const logger = { info: () => {}, debug: () => {}, warn: () => {}, error: () => {} };
    useLocalApiDocuments(CONFLUENCE_V2_DOCUMENT);
    const linters = await getClientSideLintersOnly(manifest, 'development', logger, statsig as never);
    const files = listSourceFiles(join(appDir, 'src')).map((file) => relative(appDir, file));
    const results = await lint(files, manifest, 'development', logger, statsig as never, { linters } as never);
    const problems: ForgeProblem[] = results.flatMap((result) => [
      ...result.errors.map((e) => ({ level: 'error' as const, message: e.message, reference: e.reference, file: result.file, line: e.line })),
      ...result.warnings.map((w) => ({ level: 'warning' as const, message: w.message, reference: w.reference, file: result.file, line: w.line })),
    ]);
    return { problems, filesLinted: files.length };
  } finally {
    process.chdir(previousCwd);
  }
}

function useLocalApiDocuments(confluenceV2: string): void {
  if (!existsSync(confluenceV2)) throw new Error(`The permission linter's Confluence v2 OpenAPI document is missing: ${confluenceV2}`);
  const emptyDocument = join(mkdtempSync(join(tmpdir(), 'spec-bridge-lint-')), 'empty-openapi.json');
  writeFileSync(emptyDocument, JSON.stringify({ openapi: '3.0.1', paths: {} }));
  process.env.USE_LOCAL_SWAGGER = '1';
  process.env.LOCAL_CONF_V2_SWAGGER = confluenceV2;
  for (const name of ['LOCAL_CONF_SWAGGER', 'LOCAL_JIRA_SWAGGER', 'LOCAL_JSM_SWAGGER', 'LOCAL_JSW_SWAGGER', 'LOCAL_BB_SWAGGER']) {
    process.env[name] = emptyDocument;
  }
}

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listSourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}
