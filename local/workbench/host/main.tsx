/** Entry of the workbench page bundle (host.js). */
import { setBooleanFeatureFlagResolver } from '@atlaskit/platform-feature-flags';
import { createRoot } from 'react-dom/client';
import { WorkbenchApp } from './workbench-app';

// Atlaskit asks a feature-gate client that only exists inside Atlassian products; every gate is off here.
setBooleanFeatureFlagResolver(() => false);

createRoot(document.getElementById('root')!).render(<WorkbenchApp />);
