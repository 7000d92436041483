/** "Reset demo data?": what is lost, confirmed on the page before anything happens. */
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import React from 'react';

/** What the page says once the reset is done. */
export const RESET_DONE = 'Demo data reset: the seed engineering records and demo pages are back, the app’s storage (KVS) and queue are empty, and the engineering system is Normal.';

export function ResetDialog({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }): React.JSX.Element {
  return (
    <div data-testid="reset-dialog" role="alertdialog" aria-label="Reset demo data?">
      <SectionMessage
        appearance="warning"
        title="Reset demo data?"
        actions={[
          <SectionMessageAction key="reset" onClick={onConfirm} testId="reset-confirm">
            Reset demo data
          </SectionMessageAction>,
          <SectionMessageAction key="cancel" onClick={onCancel} testId="reset-cancel">
            Cancel
          </SectionMessageAction>,
        ]}
      >
        This puts the engineering records and the demo pages (with their macros) back to their seed state, empties the app’s
        storage (KVS) and queue, signs you in as the site admin and sets the engineering system to Normal. Your edits and
        published changes are lost.
      </SectionMessage>
    </div>
  );
}
