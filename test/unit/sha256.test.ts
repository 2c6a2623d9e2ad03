import { createHash } from 'node:crypto';
import { eventItemId, reviewItemId } from '../../domain/rectification-ids';
import { sha256Hex } from '../../domain/sha256';

const node = (text: string) => createHash('sha256').update(text).digest('hex');

test.each(['', 'abc', 'campaign-b00001\nmobilization/2027-03-01', '創先爭優 整改', '𠀀 emoji 🎉', 'lone \ud800 surrogate', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'w'.repeat(1000)])(
  'when %j is hashed in workflow code, then the digest is the one node:crypto gives',
  (text) => {
    expect(sha256Hex(text)).toBe(node(text));
  },
);

test('when item ids are derived in a workflow, then they are the ids the API derived before (sha256 of unit and period, of the event id)', () => {
  expect(reviewItemId('committee-b1', 'mobilization/2027-03-01', 0)).toBe(`rv-${node('committee-b1\nmobilization/2027-03-01').slice(0, 12)}-1`);
  expect(eventItemId('visit-2025-1', 2)).toBe(`ev-${node('visit-2025-1').slice(0, 10)}-3`);
});
