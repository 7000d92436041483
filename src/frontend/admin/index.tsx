/**
 * UI Kit entry of Spec Bridge's site-admin page (`confluence:globalSettings` with `useAsConfig: true`); its resolver
 * is `index.adminResolver` (contract: src/shared/admin-contract.ts).
 */
import ForgeReconciler from '@forge/react';
import { AdminPage } from './admin-page';

ForgeReconciler.render(<AdminPage />);
