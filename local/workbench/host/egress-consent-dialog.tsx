/**
 * Atlassian's confirmation modal for `permissions.egress.set`, drawn by the host page outside the app's frame: it
 * describes the egress to be added (each group's description, domains and egress types). Forge documents what it is
 * for, not its wording or layout; these are the workbench's own.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import React, { useState } from 'react';
import type { EgressGroup } from '../../platform/customer-egress';

/** The egress types of @forge/egress, as the dialog names them. */
const TYPE_LABELS: Record<string, string> = {
  FETCH_BACKEND_SIDE: 'Backend fetch',
  FETCH_CLIENT_SIDE: 'Frontend fetch',
  FONTS: 'Fonts',
  FRAMES: 'Frames',
  IMAGES: 'Images',
  MEDIA: 'Media',
  SCRIPTS: 'Scripts',
  STYLES: 'Styles',
};

/** Props of one consent's dialog; it stays open until its owner drops it. */
export interface EgressConsentDialogProps {
  appName: string;
  egresses: EgressGroup[];
  onAnswer: (allow: boolean) => void;
}

export function EgressConsentDialog({ appName, egresses, onAnswer }: EgressConsentDialogProps): React.JSX.Element {
  const [answered, setAnswered] = useState(false);
  const answer = (allow: boolean) => {
    if (answered) return;
    setAnswered(true);
    onAnswer(allow);
  };
  const title = `Allow ${appName} to connect to external domains?`;
  return (
    <div className="wb-dialog-backdrop">
      <div
        className="wb-dialog wb-consent-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid="egress-consent-dialog"
        onKeyDown={(event) => event.key === 'Escape' && answer(false)}
      >
        <Heading size="medium">{title}</Heading>
        <p>
          {appName} is asking a site administrator to let it send data to and receive data from these domains. Only a site
          administrator can allow this.
        </p>
        {egresses.map((group) => (
          <section key={group.key} className="wb-consent-group" data-testid="egress-consent-group">
            <strong>{group.description || group.key}</strong>
            <ul>
              {group.configured.map((entry, index) => (
                <li key={index}>
                  <code>{entry.domain}</code> — {entry.type.map((type) => TYPE_LABELS[type] ?? type).join(', ')}
                </li>
              ))}
            </ul>
          </section>
        ))}
        <div className="wb-consent-actions">
          <Button appearance="subtle" onClick={() => answer(false)} isDisabled={answered} testId="egress-consent-deny">
            Don’t allow
          </Button>
          <Button appearance="primary" onClick={() => answer(true)} isDisabled={answered} testId="egress-consent-allow" autoFocus>
            Allow
          </Button>
        </div>
      </div>
    </div>
  );
}
