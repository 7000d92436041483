import type { AdfDocument, AdfNode } from './types';

/** The app id of manifest.yml (without the ARI prefix) and the local environment id. */
export const LOCAL_APP_UUID = '00000000-0000-4000-8000-000000000000';
/** The environment id the local platform reports (runtime appContext.environmentId). */
export const LOCAL_ENVIRONMENT_ID = '00000000-0000-4000-8000-00000000e0e0';

/** `<appId>/<environmentId>/static/<macro module key>`: the extensionKey Confluence gives a Forge macro. */
export function forgeExtensionKey(moduleKey: string, appUuid = LOCAL_APP_UUID, environmentId = LOCAL_ENVIRONMENT_ID): string {
  return `${appUuid}/${environmentId}/static/${moduleKey}`;
}

/** What forgeMacroNode needs to build one macro instance. */
export interface ForgeMacroInput {
  /** The macro instance id (`parameters.localId`): what `view.getContext().localId` returns. */
  localId: string;
  /** The ADF node's own id (`attrs.localId`); Confluence keeps it distinct from the macro id. */
  nodeLocalId: string;
  /** The macro config saved by the config form (`useConfig()`), stored as `parameters.guestParams`. */
  config: Record<string, unknown>;
  moduleKey?: string;
  title?: string;
  /**
   * The pasted link the editor made this macro from (autoConvert), kept as `parameters.autoConvertLink`. Where
   * Confluence keeps it in the ADF is not documented; what the app relies on is `extension.autoConvertLink` in its context.
   */
  autoConvertLink?: string;
}

/** A Forge macro as an ADF `extension` node, shaped like the ones Confluence stores for UI Kit macros. */
export function forgeMacroNode(input: ForgeMacroInput): AdfNode {
  const extensionKey = forgeExtensionKey(input.moduleKey ?? 'spec-bridge');
  const title = input.title ?? 'Spec Bridge';
  return {
    type: 'extension',
    attrs: {
      extensionKey,
      extensionType: 'com.atlassian.ecosystem',
      parameters: {
        localId: input.localId,
        extensionId: `ari:cloud:ecosystem::extension/${extensionKey}`,
        extensionTitle: title,
        layout: 'extension',
        forgeEnvironment: 'DEVELOPMENT',
        render: 'native',
        guestParams: input.config,
        ...(input.autoConvertLink === undefined ? {} : { autoConvertLink: input.autoConvertLink }),
      },
      text: title,
      layout: 'default',
      localId: input.nodeLocalId,
    },
  };
}

/** An ADF document from block nodes. */
export function adfDocument(...content: AdfNode[]): AdfDocument {
  return { type: 'doc', version: 1, content };
}

/** A paragraph holding plain text. */
export function paragraph(text: string): AdfNode {
  return { type: 'paragraph', content: [{ type: 'text', text }] };
}

/** A heading of the given level (1–6). */
export function heading(level: number, text: string): AdfNode {
  return { type: 'heading', attrs: { level }, content: [{ type: 'text', text }] };
}

/** A bullet list of plain-text items. */
export function bulletList(items: string[]): AdfNode {
  return { type: 'bulletList', content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })) };
}
