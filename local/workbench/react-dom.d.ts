/** The slices of react-dom the workbench uses (no @types/react-dom is installed). */
declare module 'react-dom/client' {
  import type { ReactNode } from 'react';
  /** React 18's root API. */
  export function createRoot(container: Element): { render(node: ReactNode): void; unmount(): void };
}

declare module 'react-dom/server' {
  import type { ReactNode } from 'react';
  /** Renders to HTML without React's hydration attributes. */
  export function renderToStaticMarkup(node: ReactNode): string;
}
