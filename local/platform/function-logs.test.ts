import { expect, test } from 'vitest';
import { readLogLine } from './function-logs';

test('a structured log line shows its message with its simple fields', () => {
  const line = JSON.stringify({ level: 'info', module: 'pipeline', message: 'snapshot written', pageId: '1', truncated: false, nested: { a: 1 } });

  expect(readLogLine([line])).toEqual({
    message: 'snapshot written · module=pipeline pageId=1 truncated=false',
    detail: { module: 'pipeline', pageId: '1', truncated: false, nested: { a: 1 } },
  });
});

test('a plain log line is kept as it was printed', () => {
  expect(readLogLine(['plain text', 42])).toEqual({ message: 'plain text 42', detail: {} });
});
