import { expect, test } from 'vitest';
import { adfDocument, bulletList, forgeMacroNode, heading, paragraph } from './adf-builders';
import { renderAdf } from './storage-format';

const doc = adfDocument(
  heading(2, 'Specs & notes'),
  forgeMacroNode({ localId: 'macro-1', nodeLocalId: 'node-1', config: { specIds: ['GB-200', 'PSU-48'], ttlSeconds: 300, pinned: false } }),
  bulletList(['one']),
);

test('storage format renders a Forge macro with kebab-case attributes and typed guest parameters', () => {
  const storage = renderAdf(JSON.stringify(doc), 'storage');

  expect(storage).toContain('<h2>Specs &amp; notes</h2>');
  expect(storage).toContain('<ac:adf-extension><ac:adf-node type="extension">');
  expect(storage).toContain('<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>');
  expect(storage).toContain('<ac:adf-parameter key="local-id">macro-1</ac:adf-parameter>');
  expect(storage).toContain('<ac:adf-attribute key="local-id">node-1</ac:adf-attribute>');
  expect(storage).toContain(
    '<ac:adf-parameter key="spec-ids"><ac:adf-parameter-value>GB-200</ac:adf-parameter-value><ac:adf-parameter-value>PSU-48</ac:adf-parameter-value></ac:adf-parameter>',
  );
  expect(storage).toContain('<ac:adf-parameter key="ttl-seconds" type="number">300</ac:adf-parameter>');
  expect(storage).toContain('<ac:adf-parameter key="pinned" type="boolean">false</ac:adf-parameter>');
  expect(storage).toContain('<ul><li><p>one</p></li></ul>');
});

test('view format shows a placeholder carrying the macro id instead of the extension markup', () => {
  const view = renderAdf(JSON.stringify(adfDocument(paragraph('a'), doc.content[1]!)), 'view');

  expect(view).toBe('<p>a</p><div class="forge-macro" data-local-id="macro-1">Spec Bridge</div>');
});
