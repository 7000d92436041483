/** UI Kit entry of the where-used page (`confluence:globalPage` `spec-bridge-where-used`; resolver `index.whereUsedResolver`). */
import ForgeReconciler from '@forge/react';
import { WhereUsedPage } from './where-used-page';

ForgeReconciler.render(<WhereUsedPage />);
