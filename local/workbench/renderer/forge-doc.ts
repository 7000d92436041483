/**
 * ForgeDoc as the host receives it from a macro frame: the tree @forge/react's reconciler builds,
 * with function props already turned into callable proxies back into the frame.
 */
import type { ReactNode } from 'react';

/** One node; text is `{ type: 'String', props: { text } }`. */
export interface ForgeDoc {
  type: string;
  props: Record<string, unknown>;
  children: ForgeDoc[];
  key?: string;
}

/** Renders one node (and its subtree) to React. */
export type RenderNode = (node: ForgeDoc, index?: number) => ReactNode;

/** What every mapped component receives: its node, its rendered children, and the renderer for nested nodes. */
export interface MappedProps {
  node: ForgeDoc;
  children: ReactNode;
  render: RenderNode;
}

/** A component the renderer maps one ForgeDoc type to. */
export type MappedComponent = (props: MappedProps) => ReactNode;

/** The event shape UI Kit hands to app handlers (forge-react-types `SerialisableEvent`). */
export interface SerialisableEvent {
  bubbles: boolean;
  cancelable: boolean;
  defaultPrevented: boolean;
  eventPhase: number;
  isTrusted: boolean;
  target: { value?: unknown; checked?: boolean; name?: string; id?: string; tagName?: string; type?: string };
  timeStamp: number;
  type: string;
}

/** Builds the serialisable event for `type` with the target fields given. */
export function serialisableEvent(type: string, target: SerialisableEvent['target']): SerialisableEvent {
  return { bubbles: true, cancelable: false, defaultPrevented: false, eventPhase: 2, isTrusted: true, target, timeStamp: Date.now(), type };
}

/** Calls an app handler (a proxy into the frame) without letting a failed call break the page. */
export function callApp(handler: unknown, ...args: unknown[]): void {
  if (typeof handler !== 'function') return;
  const call = handler as (...callArgs: unknown[]) => unknown;
  Promise.resolve()
    .then(() => call(...args))
    .catch((error: unknown) => console.warn('Spec Bridge workbench: the app handler failed', error));
}

/** A string prop, or undefined. */
export function stringProp(props: Record<string, unknown>, name: string): string | undefined {
  const value = props[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Picks the listed props that are set (not undefined). */
export function pick(props: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((name) => props[name] !== undefined).map((name) => [name, props[name]]));
}

/** The plain text of a subtree (for string-only Atlaskit props such as Tooltip content). */
export function textOf(node: ForgeDoc): string {
  if (node.type === 'String') return stringProp(node.props, 'text') ?? '';
  return node.children.map(textOf).join('');
}
