import { expect, test } from 'vitest';
import { devBanner, type DevBannerFacts } from './dev-banner';
import { LOCAL_WEBHOOK_SECRET } from './keys/local-webhook-secret';
import { changeNoticeInfo } from './notify/change-notice-info';

const TRIGGER = 'http://127.0.0.1:4000/x/spec-change-notice';
const REAL_SECRET = `whsec_${Buffer.from('a-real-installation-secret-32byt').toString('base64')}`;

function facts(secret: string): DevBannerFacts {
  return {
    origin: 'http://127.0.0.1:4000',
    watch: false,
    engineeringBaseUrl: 'http://127.0.0.1:4000/eng/api/v1',
    engineeringToken: 'local-dev-engineering-token',
    webtriggers: { 'spec-change-notice': TRIGGER },
    changeNotices: changeNoticeInfo(TRIGGER, secret),
    storePath: '.local/platform.sqlite',
  };
}

test('the startup banner prints the local change-notice secret and a notify command that works as typed', () => {
  const banner = devBanner(facts(LOCAL_WEBHOOK_SECRET));

  expect(banner).toContain(`Change-notice secret:              ${LOCAL_WEBHOOK_SECRET}`);
  expect(banner).toContain('npm run notify -- SHAFT-1042');
});

test('the startup banner never prints a change-notice secret set from the environment', () => {
  const banner = devBanner(facts(REAL_SECRET));

  expect(banner).not.toContain(REAL_SECRET);
  expect(banner).toContain('(set from WEBHOOK_SECRET; not shown)');
  expect(banner).toContain("npm run notify -- --secret 'whsec_…' SHAFT-1042");
});

test('the info for /__local/info carries the secret only when it is the local one', () => {
  expect(changeNoticeInfo(TRIGGER, LOCAL_WEBHOOK_SECRET)).toMatchObject({ webTrigger: TRIGGER, secret: LOCAL_WEBHOOK_SECRET });
  expect(changeNoticeInfo(TRIGGER, REAL_SECRET)).toMatchObject({ webTrigger: TRIGGER, secret: null });
  expect(JSON.stringify(changeNoticeInfo(TRIGGER, REAL_SECRET))).not.toContain(REAL_SECRET);
});

test('on another port the banner\'s notify command names it, so it works as typed', () => {
  const banner = devBanner({ ...facts(LOCAL_WEBHOOK_SECRET), changeNotices: changeNoticeInfo('http://127.0.0.1:5123/x/spec-change-notice', LOCAL_WEBHOOK_SECRET) });

  expect(banner).toContain('Send a change notice:              PORT=5123 npm run notify -- SHAFT-1042');
});

test('the banner names where documentation notices go and how to ask where a spec is documented', () => {
  const receiverUrl = 'http://127.0.0.1:4000/eng/api/v1/documentation-notices';
  const banner = devBanner({ ...facts(LOCAL_WEBHOOK_SECRET), documentationReceiver: { configured: true, receiverUrl, seeded: true } });

  expect(banner).toContain(`Documentation notices:             ${receiverUrl}`);
  expect(banner).toContain("curl -H 'Authorization: Bearer local-dev-engineering-token' http://127.0.0.1:4000/eng/api/v1/specs/SHAFT-1042/documentation");
});

test('with no receiver the banner says why no documentation notices are sent', () => {
  const banner = devBanner({ ...facts(LOCAL_WEBHOOK_SECRET), documentationReceiver: { configured: false, reason: 'the site is not configured' } });

  expect(banner).toContain('Documentation notices:             not sent: the site is not configured');
  expect(banner).not.toContain('/documentation\n');
});
