/**
 * The workbench's two side panels (the space's pages on the left, config/engineering/activity on the right) can be
 * hidden and shown — with the top bar's buttons, or with `[` and `]` as Confluence toggles its sidebar with `[`.
 * Below WIDE_SCREEN they start hidden and, when shown, lie over the page instead of squeezing its body.
 */
import Button from '@atlaskit/button/new';
import React, { useCallback, useEffect, useState } from 'react';

/** From this viewport width both panels start open beside the page; below it they start closed and overlay it. */
export const WIDE_SCREEN = '(min-width: 1200px)';

export type PanelName = 'pages' | 'tools';

/** Which panels are open, and how to toggle one. */
export interface PanelsState {
  open: Record<PanelName, boolean>;
  toggle(name: PanelName): void;
}

const SHORTCUTS: Record<string, PanelName> = { '[': 'pages', ']': 'tools' };

function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** Panel state, starting from the viewport's width, with the `[` / `]` shortcuts installed. */
export function usePanels(): PanelsState {
  const [open, setOpen] = useState(() => {
    const wide = window.matchMedia(WIDE_SCREEN).matches;
    return { pages: wide, tools: wide };
  });
  const toggle = useCallback((name: PanelName) => setOpen((current) => ({ ...current, [name]: !current[name] })), []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const name = SHORTCUTS[event.key];
      if (!name || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      event.preventDefault();
      toggle(name);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle]);
  return { open, toggle };
}

const LABELS: Record<PanelName, { controls: string; show: string; hide: string; key: string }> = {
  pages: { controls: 'wb-pages-panel', show: 'Show pages', hide: 'Hide pages', key: '[' },
  tools: { controls: 'wb-tools-panel', show: 'Show panels', hide: 'Hide panels', key: ']' },
};

/** The element id of a panel, for aria-controls. */
export function panelId(name: PanelName): string {
  return LABELS[name].controls;
}

/** A button that shows or hides one panel; it says which, and whether it is open, to screen readers too. */
export function PanelToggle({ name, panels }: { name: PanelName; panels: PanelsState }): React.JSX.Element {
  const label = LABELS[name];
  const isOpen = panels.open[name];
  return (
    <Button
      appearance="subtle"
      aria-expanded={isOpen}
      aria-controls={label.controls}
      aria-keyshortcuts={label.key}
      title={`${isOpen ? label.hide : label.show} (${label.key})`}
      onClick={() => panels.toggle(name)}
      testId={`toggle-${name}`}
    >
      {isOpen ? label.hide : label.show}
    </Button>
  );
}
