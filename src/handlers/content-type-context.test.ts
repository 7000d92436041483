import { expect, test } from 'vitest';
import { exportTargetFrom } from './adf-export';
import { macroContextFrom } from './macro-context';

test('the macro context names the content type Forge gives: a page or a blog post', () => {
  const onBlogPost = macroContextFrom({ localId: 'L-1', extension: { content: { id: '42', type: 'blogpost' }, config: {} } });
  const onPage = macroContextFrom({ localId: 'L-1', extension: { content: { id: '42', type: 'page' }, config: {} } });
  const unknown = macroContextFrom({ localId: 'L-1', extension: { content: { id: '42', type: 'whiteboard' }, config: {} } });

  expect(onBlogPost?.ref).toEqual({ pageId: '42', localId: 'L-1', contentType: 'blogpost' });
  expect(onPage?.ref).toEqual({ pageId: '42', localId: 'L-1', contentType: 'page' });
  // Anything else is left for the snapshot store to find out (a page, else a blog post).
  expect(unknown?.ref).toEqual({ pageId: '42', localId: 'L-1' });
});

test('an export of a macro on a blog post names the blog post content type', () => {
  const target = exportTargetFrom({ exportType: 'pdf', context: { localId: 'L-1', extension: { content: { id: '42', type: 'blogpost' } } } });

  expect(target).toEqual({ pageId: '42', contentType: 'blogpost', localId: 'L-1', exportType: 'pdf' });
});
