import { afterEach, expect, it, test } from 'vitest';
import type { FreshnessState, SpecProblemCode } from '../../src/shared/resolver-contract';
import { findByText, findByType, functionPropId, visibleText } from './forge-doc';
import { waitFor } from './harness';
import type { MountedMacro } from './mount-macro';
import { mountMacro } from './mount-macro';
import { failOnReactWarnings } from './no-react-warnings';
import { renderView } from './render-view';
import { failed, makeSpec, makeViewModel, minutesAgo, ok } from './view-model-factory';

failOnReactWarnings();
let mounted: MountedMacro | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

test('while getSpecs has not answered, a fixed-height box holds a Spinner', async () => {
  let answer: (value: unknown) => void = () => undefined;
  mounted = await mountMacro((h) => {
    h.resolver = () => new Promise((resolve) => (answer = resolve));
  });

  const [box] = findByType(mounted.harness.root, 'Box');
  expect(findByType(box, 'Spinner')).toHaveLength(1);
  expect(box?.props.xcss).toMatchObject({ height: '160px' });

  answer(ok(makeViewModel([makeSpec('SHAFT-1042')])));
  await waitFor(() => expect(findByType(mounted?.harness.root, 'Spinner')).toHaveLength(0));
});

it.each<[FreshnessState, string]>([
  ['fresh', 'Rev C · changed 3 hours ago in the engineering system · checked 2 minutes ago'],
  ['stale', 'checked 2 minutes ago · stale, checking for a newer revision'],
])('a %s card says so in its freshness line', async (state, expected) => {
  mounted = await renderView(makeViewModel([makeSpec('SHAFT-1042', { state })]));

  const lines = visibleText(mounted.harness.root).split('\n');

  expect(lines.some((line) => line.startsWith('Rev C') && line.endsWith(expected))).toBe(true);
});

test('a missing spec renders a message where the card would be, never a blank macro', async () => {
  const spec = makeSpec('SHAFT-1042', { state: 'missing', record: undefined, fetchedAt: undefined });

  mounted = await renderView(makeViewModel([spec]));

  const [message] = findByType(mounted.harness.root, 'SectionMessage');
  expect(message?.props.title).toBe('SHAFT-1042: no data yet');
  expect(visibleText(message)).toContain('no data yet');
});

test('a table states stale, degraded and missing specs in its freshness line and rows', async () => {
  const specs = [
    makeSpec('A-1'),
    makeSpec('B-2', { state: 'stale' }),
    makeSpec('C-3', { state: 'degraded', fetchedAt: minutesAgo(90) }),
    makeSpec('D-4', { state: 'missing', record: undefined, fetchedAt: undefined }),
  ];

  mounted = await renderView(makeViewModel(specs));

  const root = mounted.harness.root;
  expect(visibleText(root)).toContain(
    '4 specs · oldest checked 1 hour ago · 1 stale, checking for a newer revision · 1 showing the last known data · 1 without data',
  );
  expect(findByType(findByText(root, 'Row', 'B-2')[0], 'Lozenge').map(visibleText)).toContain('stale');
  expect(findByType(findByText(root, 'Row', 'C-3')[0], 'Lozenge').map(visibleText)).toContain('last known data');
  expect(findByType(findByText(root, 'Row', 'D-4')[0], 'Lozenge').map(visibleText)).toContain('no data');
});

/** A card shown from last known data while the engineering system is down, the breaker retrying in 90 s. */
function outageView(reason = 'The engineering system answered 503 three times.') {
  const lastGoodAt = minutesAgo(47);
  const retryAt = new Date(Date.now() + 90_000).toISOString();
  const problem = { code: 'unavailable' as const, message: 'The engineering system is not answering; Spec Bridge waits a little before asking again.', retryAt };
  return makeViewModel([makeSpec('SHAFT-1042', { state: 'degraded', fetchedAt: lastGoodAt, problem })], { page: { state: 'degraded', reason, lastGoodAt, retryAt } });
}

test('a degraded page says the outage in one calm sentence with a human wait, not a timestamp', async () => {
  mounted = await renderView(outageView());

  const warnings = findByType(mounted.harness.root, 'SectionMessage');
  expect(warnings).toHaveLength(1);
  expect(visibleText(warnings[0])).toBe('The engineering system is not answering; showing the data checked 47 minutes ago, retrying in 2 min.');
});

test('a degraded card says the outage once: no per-spec message, no lozenge, no reason in the freshness line', async () => {
  mounted = await renderView(outageView());

  const text = visibleText(mounted.harness.root);
  expect(text.match(/not answering/g)).toHaveLength(1);
  expect(text).not.toContain('could not be loaded');
  expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
  expect(findByType(mounted.harness.root, 'Lozenge').map(visibleText)).toEqual(['Released']);
  expect(text).toContain('Drive shaft');
});

test('stale data while the engineering system is down says no check could be made, never that an update is on its way', async () => {
  const down = outageView();
  const view = makeViewModel([makeSpec('A-1', { state: 'stale' }), ...down.specs], { page: down.page });

  mounted = await renderView(view);

  const text = visibleText(mounted.harness.root);
  expect(text).toContain('2 specs · oldest checked 47 minutes ago · 1 stale, could not check for a newer revision · 1 showing the last known data');
  expect(text).not.toMatch(/on its way|checking/);
});

test('some minutes after the view was built, stale data is only called stale: the page was not told of a check', async () => {
  const view = makeViewModel([makeSpec('SHAFT-1042', { state: 'stale' })], { generatedAt: minutesAgo(3) });

  mounted = await renderView(view);

  const line = visibleText(mounted.harness.root).split('\n').find((l) => l.startsWith('Rev C'));
  expect(line).toMatch(/checked 2 minutes ago · stale$/);
});

test('the outage sentence never carries the text the backend sent', async () => {
  mounted = await renderView(outageView('network error: fetch failed (ECONNREFUSED)'));

  expect(visibleText(mounted.harness.root)).not.toContain('ECONNREFUSED');
});

const problems: [SpecProblemCode, string][] = [
  ['not_found', 'not found in the engineering system'],
  ['withdrawn', 'withdrawn in the engineering system'],
  ['invalid_id', 'is not a valid spec id'],
  ['invalid_record', 'has data Spec Bridge cannot read'],
  ['unavailable', 'could not be loaded: the engineering system is unavailable'],
  ['unauthorized', 'could not be loaded: Spec Bridge is not authorised'],
  ['rate_limited', 'could not be loaded yet: too many requests'],
];

it.each(problems)('a card whose spec is %s shows the problem in place', async (code, wording) => {
  const spec = makeSpec('SHAFT-9', { state: 'missing', record: undefined, problem: { code, message: `Detail for ${code}.` } });

  mounted = await renderView(makeViewModel([spec]));

  const [message] = findByType(mounted.harness.root, 'SectionMessage');
  expect(message?.props.title).toBe(`SHAFT-9 ${wording}`);
  expect(visibleText(message)).toContain(`Detail for ${code}.`);
});

it.each(problems)('a table row whose spec is %s keeps its row with a problem Lozenge', async (code) => {
  const specs = [makeSpec('A-1'), makeSpec('SHAFT-9', { state: 'missing', record: undefined, problem: { code, message: `Detail for ${code}.` } })];

  mounted = await renderView(makeViewModel(specs));

  const [row] = findByText(mounted.harness.root, 'Row', 'SHAFT-9');
  expect(visibleText(row)).toContain(`Detail for ${code}.`);
  expect(findByType(row, 'Lozenge', { appearance: 'removed' })).toHaveLength(1);
});

test('a withdrawn spec that still has last known data shows the card and the problem', async () => {
  const spec = makeSpec('SHAFT-1042', { state: 'degraded', problem: { code: 'withdrawn', message: 'Deleted in the engineering system.' } });

  mounted = await renderView(makeViewModel([spec]));

  const text = visibleText(mounted.harness.root);
  expect(text).toContain('Drive shaft');
  expect(text).toContain('Deleted in the engineering system.');
});

test('config problems are shown in a warning message', async () => {
  const view = makeViewModel([makeSpec('SHAFT-1042')], {
    configProblems: ['"shaft 9" is not a valid spec id and was ignored.', 'Refresh interval "soon" is not a number of minutes.'],
  });

  mounted = await renderView(view);

  const [message] = findByType(mounted.harness.root, 'SectionMessage', { title: 'Some macro settings need attention' });
  expect(visibleText(message)).toContain('"shaft 9" is not a valid spec id and was ignored.');
  expect(visibleText(message)).toContain('Refresh interval "soon" is not a number of minutes.');
});

test('with no spec ids configured the macro explains how to pick them', async () => {
  const view = makeViewModel([]);

  mounted = await renderView(view);

  const [message] = findByType(mounted.harness.root, 'SectionMessage', { appearance: 'information' });
  expect(message?.props.title).toBe('No specifications selected yet');
  expect(visibleText(message)).toContain('Edit this macro and enter one or more spec ids in the configuration panel');
  expect(findByType(mounted.harness.root, 'Button')).toHaveLength(0);
});

test('a failed getSpecs is shown as an error message and can be retried', async () => {
  mounted = await renderView(failed('unavailable', 'Spec Bridge is unavailable right now.'));
  const harness = mounted.harness;
  const [message] = findByType(harness.root, 'SectionMessage', { appearance: 'error' });
  expect(visibleText(message)).toContain('Spec Bridge is unavailable right now.');

  harness.resolver = () => ok(makeViewModel([makeSpec('SHAFT-1042')]));
  harness.fire(functionPropId(findByText(harness.root, 'Button', 'Try again')[0]!, 'onClick'));

  await waitFor(() => expect(visibleText(harness.root)).toContain('Drive shaft'));
  expect(harness.invokeCount('getSpecs')).toBe(2);
});

test('a resolver that throws is shown as one fixed sentence, without the error text, not thrown', async () => {
  mounted = await mountMacro((h) => {
    h.resolver = () => {
      throw new Error('socket hang up at 10.2.3.4:443');
    };
  });

  await waitFor(() => expect(findByType(mounted?.harness.root, 'SectionMessage', { appearance: 'error' })).toHaveLength(1));
  expect(visibleText(mounted.harness.root)).toContain('Spec Bridge could not load this macro. Try again in a moment.');
  expect(visibleText(mounted.harness.root)).not.toContain('10.2.3.4');
});

test('Refresh invokes the refresh resolver and shows its answer', async () => {
  mounted = await renderView(makeViewModel([makeSpec('SHAFT-1042')]));
  const harness = mounted.harness;
  harness.resolver = (key) => ok(makeViewModel([makeSpec('SHAFT-1042', { record: { ...makeSpec('X-1').record!, id: 'SHAFT-1042', title: `Answer of ${key}` } })]));

  harness.fire(functionPropId(findByText(harness.root, 'Button', 'Refresh')[0]!, 'onClick'));

  await waitFor(() => expect(visibleText(harness.root)).toContain('Answer of refresh'));
  expect(harness.invokeCount('refresh')).toBe(1);
  // The backend reads spec ids from the macro context; the client sends none.
  expect(harness.invocations.map((i) => i.payload)).toEqual([undefined, undefined]);
});

test('a rate-limited Refresh says when it is allowed again and disables the button', async () => {
  mounted = await renderView(makeViewModel([makeSpec('SHAFT-1042')]));
  const harness = mounted.harness;
  harness.resolver = () => failed('rate_limited', 'Refreshed a moment ago.', 120);

  harness.fire(functionPropId(findByText(harness.root, 'Button', 'Refresh')[0]!, 'onClick'));

  await waitFor(() => expect(visibleText(harness.root)).toContain('Spec Bridge is busy; you can refresh again in 2 min.'));
  expect(findByText(harness.root, 'Button', 'Refresh')[0]?.props.isDisabled).toBe(true);
  expect(visibleText(harness.root)).toContain('Drive shaft');
});

test('a refreshAllowedAt in the future disables Refresh from the start', async () => {
  const view = makeViewModel([makeSpec('SHAFT-1042')], { refreshAllowedAt: new Date(Date.now() + 10 * 60_000).toISOString() });

  mounted = await renderView(view);

  expect(findByText(mounted.harness.root, 'Button', 'Refresh')[0]?.props.isDisabled).toBe(true);
  expect(visibleText(mounted.harness.root)).toContain('Refreshed recently; you can refresh again in 10 min.');
});

test('right after a successful Refresh the wait reads as information and counts down', async () => {
  mounted = await renderView(makeViewModel([makeSpec('SHAFT-1042')]));
  const harness = mounted.harness;
  harness.resolver = () => ok(makeViewModel([makeSpec('SHAFT-1042')], { refreshAllowedAt: new Date(Date.now() + 30_000).toISOString() }));

  harness.fire(functionPropId(findByText(harness.root, 'Button', 'Refresh')[0]!, 'onClick'));

  await waitFor(() => expect(visibleText(harness.root)).toMatch(/Refreshed just now; you can refresh again in (30|29) s\./));
  const first = Number(/again in (\d+) s/.exec(visibleText(harness.root))![1]);
  await waitFor(() => expect(Number(/again in (\d+) s/.exec(visibleText(harness.root))?.[1])).toBeLessThanOrEqual(first - 2), 4_000);
  expect(visibleText(harness.root)).not.toMatch(/available again|refused|failed/i);
});
