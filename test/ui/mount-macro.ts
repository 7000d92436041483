/**
 * Mounts the macro view on the test host. Imports @forge/react and the frontend only after the
 * bridge exists, and wraps the app so a test can unmount it (ForgeReconciler has no unmount).
 */
import type { BridgeHarness } from './harness';
import { installBridge, waitFor } from './harness';

export interface MountedMacro {
  harness: BridgeHarness;
  /** Unmounts the app (effects clean up) and waits until the Root tree is empty. */
  unmount: () => Promise<void>;
}

/** Resets the host, renders <MacroApp/> in a fresh Root, and returns the handle. */
export async function mountMacro(prepare: (harness: BridgeHarness) => void): Promise<MountedMacro> {
  return mountApp(prepare, async () => (await import('../../src/frontend/macro-app')).MacroApp);
}

/** Resets the host, renders the custom config dialog (<ConfigDialog/>) in a fresh Root, and returns the handle. */
export async function mountConfigDialog(prepare: (harness: BridgeHarness) => void): Promise<MountedMacro> {
  return mountApp(prepare, async () => (await import('../../src/frontend/config/config-dialog')).ConfigDialog);
}

/** Resets the host, renders the site-admin page (<AdminPage/>) in a fresh Root, and returns the handle. */
export async function mountAdminPage(prepare: (harness: BridgeHarness) => void, props: { pollEveryMs?: number } = {}): Promise<MountedMacro> {
  const React = await import('react');
  return mountApp(prepare, async () => {
    const { AdminPage } = await import('../../src/frontend/admin/admin-page');
    return () => React.createElement(AdminPage, props);
  });
}

async function mountApp(prepare: (harness: BridgeHarness) => void, load: () => Promise<() => React.JSX.Element>): Promise<MountedMacro> {
  const harness = installBridge();
  harness.reset();
  prepare(harness);
  const React = await import('react');
  const { default: ForgeReconciler } = await import('@forge/react');
  const MacroApp = await load();
  let hide: (() => void) | undefined;
  function Unmountable(): React.ReactElement | null {
    const [shown, setShown] = React.useState(true);
    React.useEffect(() => {
      hide = () => setShown(false);
    }, []);
    return shown ? React.createElement(MacroApp) : null;
  }
  harness.expectNewRoot();
  ForgeReconciler.render(React.createElement(Unmountable));
  await waitFor(() => {
    if (!harness.root || !hide) throw new Error('the macro has not rendered yet');
  });
  return {
    harness,
    unmount: async () => {
      hide?.();
      await waitFor(() => {
        if (harness.root?.children.length) throw new Error('still mounted');
      });
    },
  };
}
