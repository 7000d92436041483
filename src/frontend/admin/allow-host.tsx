/**
 * "Allow <host>…" under the base URL field, shown only when the deployment turned customer-managed egress on
 * (CUSTOMER_MANAGED_EGRESS) and the typed host is neither in the manifest's egress nor already allowed by a site admin.
 */
import { Button, Stack, Text } from '@forge/react';
import React, { useCallback, useEffect, useState } from 'react';
import { allowedEngineeringDomains, requestEngineeringEgress } from './customer-egress';

export const NOT_ALLOWED_MESSAGE = 'Not allowed: the consent was declined, or you are not a site admin.';

/** The hosts a site admin allowed for Spec Bridge's backend (read once when the switch is on), and a way to add some. */
export function useAdminAllowedHosts(enabled: boolean): [string[], (hosts: string[]) => void] {
  const [hosts, setHosts] = useState<string[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void allowedEngineeringDomains().then((domains) => live && setHosts((current) => [...new Set([...current, ...domains])]));
    return () => {
      live = false;
    };
  }, [enabled]);
  const add = useCallback((more: string[]) => setHosts((current) => [...new Set([...current, ...more])]), []);
  return [hosts, add];
}

/** The typed base URL's host (with a port, as the manifest's hosts are listed) and host name; undefined while not a URL. */
function hostOf(baseUrl: string): { host: string; hostname: string } | undefined {
  try {
    const url = new URL(baseUrl.trim());
    return url.hostname ? { host: url.host.toLowerCase(), hostname: url.hostname.toLowerCase() } : undefined;
  } catch {
    return undefined;
  }
}

type Outcome = { kind: 'allowed'; host: string } | { kind: 'refused' };

export function AllowHost(props: {
  baseUrl: string;
  allowedHosts: string[];
  adminAllowed: string[];
  onAllowed: (hosts: string[]) => Promise<void>;
}): React.JSX.Element | null {
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const target = hostOf(props.baseUrl);
  const needed = target !== undefined && !props.allowedHosts.includes(target.host) && !props.adminAllowed.includes(target.hostname);

  const ask = async (hostname: string) => {
    setOutcome(undefined);
    setAsking(true);
    const answer = await requestEngineeringEgress(hostname);
    if (answer !== 'refused') await props.onAllowed(answer.includes(hostname) ? answer : [...answer, hostname]);
    setAsking(false);
    setOutcome(answer === 'refused' ? { kind: 'refused' } : { kind: 'allowed', host: hostname });
  };

  if (!needed && !outcome) return null;
  return (
    <Stack space="space.050">
      {needed ? (
        <Button isDisabled={asking} onClick={() => void ask(target.hostname)}>
          {`Allow ${target.hostname}…`}
        </Button>
      ) : null}
      {outcome?.kind === 'allowed' ? <Text>{`Allowed ${outcome.host}`}</Text> : null}
      {outcome?.kind === 'refused' ? <Text color="color.text.danger">{NOT_ALLOWED_MESSAGE}</Text> : null}
    </Stack>
  );
}
