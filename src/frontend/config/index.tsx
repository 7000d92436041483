/**
 * UI Kit entry of the macro's custom configuration (manifest `config.resource: macro-config`): the
 * dialog Confluence opens to insert or edit a Spec Bridge macro. It saves with `view.submit({ config })`.
 */
import ForgeReconciler from '@forge/react';
import { ConfigDialog } from './config-dialog';

ForgeReconciler.render(<ConfigDialog />);
