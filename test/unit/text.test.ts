import { findUnstorableText, storableText } from '../../domain/text';

describe('findUnstorableText', () => {
  test.each([
    ['plain Chinese and emoji', { evidence: { text: '整改報告 ✅ 👍', links: ['https://example.test/a'] } }, undefined],
    ['a NUL inside a nested string', { evidence: { text: 'ok', links: ['a', 'b\u0000'] } }, 'evidence.links.1'],
    ['a lone high surrogate', { reason: 'x\ud800' }, 'reason'],
    ['a lone low surrogate', { reason: '\udc00x' }, 'reason'],
    ['a NUL in a key', { ['k\u0000']: 1 }, 'k\u0000'],
    ['a NUL as the whole body', '\u0000', '(body)'],
  ])('%s', (_what, value, path) => {
    expect(findUnstorableText(value)).toBe(path);
  });
});

describe('storableText', () => {
  test('replaces only what cannot be stored and leaves pairs, numbers and nulls alone', () => {
    const input = { a: 'x\u0000y', b: ['\ud800', '😀'], c: 3, d: null, e: true };
    expect(storableText(input)).toEqual({ a: 'x\uFFFDy', b: ['\uFFFD', '😀'], c: 3, d: null, e: true });
    expect(input.a).toBe('x\u0000y');
  });
});

test('when a body is nested a hundred thousand deep, then the walk answers instead of overflowing the stack', () => {
  let deep: unknown = 'end\u0000';
  for (let i = 0; i < 100_000; i += 1) deep = [deep];
  const path = findUnstorableText(deep);
  expect(path?.split('.')).toHaveLength(100_000);
});
