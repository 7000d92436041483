/**
 * UI Kit entry of the Spec Bridge macro (manifest resource `macro-ui`): the view tree (Root) and
 * the config panel tree (MacroConfig).
 */
import ForgeReconciler from '@forge/react';
import { ConfigForm } from './config-form';
import { MacroApp } from './macro-app';

ForgeReconciler.render(<MacroApp />);
ForgeReconciler.addConfig(<ConfigForm />);
