/**
 * The config dialog's calls: `checkConfig` (the saved or drafted config as version 2, with the problems the
 * macro would name), and Forge's custom-config `view.submit` / `view.close`.
 */
import { view } from '@forge/bridge';
import type { CheckedConfig, MacroConfigV2, ResolverResult } from '../../shared/resolver-contract';
import { invokeForResult } from '../resolver-client';

const UNREACHABLE = 'Spec Bridge could not check this configuration. Try again in a moment.';

/** Checks a draft; with none, the backend reads the config the macro has saved (from the Forge context). */
export async function checkConfig(config?: MacroConfigV2): Promise<ResolverResult<CheckedConfig>> {
  return invokeForResult<'checkConfig'>('checkConfig', config === undefined ? {} : { config }, UNREACHABLE);
}

/** Saves the config on the macro and closes the dialog (Forge custom config). */
export async function saveConfig(config: MacroConfigV2): Promise<void> {
  await view.submit({ config });
}

/** Closes the dialog without saving. */
export async function closeDialog(): Promise<void> {
  await view.close();
}
