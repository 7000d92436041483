/** The slice of react-test-renderer the workbench tests use (no @types package is installed). */
declare module 'react-test-renderer' {
  import type { ReactElement } from 'react';
  /** A rendered host or composite element. */
  export interface ReactTestInstance {
    type: unknown;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in @types/react-test-renderer: props are whatever was rendered
    props: Record<string, any>;
    findAll(predicate: (instance: ReactTestInstance) => boolean): ReactTestInstance[];
    findByType(type: unknown): ReactTestInstance;
    findAllByType(type: unknown): ReactTestInstance[];
  }
  /** A test renderer. */
  export interface ReactTestRenderer {
    root: ReactTestInstance;
    update(element: ReactElement): void;
    unmount(): void;
  }
  export function create(element: ReactElement, options?: { createNodeMock?: (element: unknown) => unknown }): ReactTestRenderer;
  export function act(callback: () => void | Promise<void>): Promise<void>;
  const TestRenderer: { create: typeof create; act: typeof act };
  export default TestRenderer;
}
