/**
 * UI Kit entry of the Spec Bridge macro view (manifest resource `macro-ui`). The configuration is
 * its own resource (`macro-config`, src/frontend/config/index.tsx): a custom config, which replaces
 * Forge's classic config panel (`addConfig`) — a macro has one or the other.
 */
import ForgeReconciler from '@forge/react';
import { MacroApp } from './macro-app';

ForgeReconciler.render(<MacroApp />);
