/** docs/api.md shows test/api/api-example.test.ts as its example: the two must stay the same text. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('docs/api.md shows exactly test/api/api-example.test.ts', () => {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./api-example.test.ts', import.meta.url), 'utf8');
  const blocks = [...doc.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  expect(blocks).toHaveLength(1);
  expect(blocks[0]).toBe(example);
});
