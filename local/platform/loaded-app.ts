/**
 * What the platform runs: the app's handlers and where they came from. Tests of what deploys must
 * run the Forge-built bundle; `handlerResolutions()` lets a guard check that they did.
 */
export type Handler = (...args: unknown[]) => unknown;

export type AppOrigin =
  /** Built by Atlassian's bundler (`npm run build:forge`): what `forge deploy` uploads. */
  | { kind: 'forge-bundle'; file: string; sha256: string; bundler: string }
  /** Built from src/ by another tool (esbuild in `npm run dev -- --watch`) or imported directly. */
  | { kind: 'sources'; how: string }
  /** Hand-written handlers that exercise the platform itself, not Spec Bridge. */
  | { kind: 'stand-in'; name: string };

export interface LoadedApp {
  origin: AppOrigin;
  /** A manifest handler (`index.resolver`) to its function. */
  resolveHandler(handler: string): Handler;
}

/** An app whose handlers are the exports of one module (the manifest's `index`). */
export function appFromExports(exports: Record<string, unknown>, origin: AppOrigin): LoadedApp {
  return {
    origin,
    resolveHandler(handler) {
      const exportName = handler.split('.').pop() ?? '';
      const fn = exports[exportName];
      if (typeof fn !== 'function') throw new Error(`The app does not export '${exportName}' (manifest handler ${handler})`);
      return fn as Handler;
    },
  };
}

const RESOLUTIONS = Symbol.for('spec-bridge.local-platform.handler-resolutions');
type Registry = { [RESOLUTIONS]?: { handler: string; origin: AppOrigin }[] };

/** Called by the platform each time it resolves a handler for an invocation. */
export function recordHandlerResolution(handler: string, origin: AppOrigin): void {
  ((globalThis as Registry)[RESOLUTIONS] ??= []).push({ handler, origin });
}

/** Every handler resolved in this process so far, with the origin of the app it came from. */
export function handlerResolutions(): readonly { handler: string; origin: AppOrigin }[] {
  return (globalThis as Registry)[RESOLUTIONS] ?? [];
}
