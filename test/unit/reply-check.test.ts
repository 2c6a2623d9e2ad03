/** The reply check the API suite runs on every reply: a mismatch and an undeclared field are both caught. */
import { z } from 'zod';
import { replyProblems } from '../../api/reply-check';

const schema = z.object({ id: z.string(), tasks: z.array(z.object({ taskId: z.string(), dueDate: z.string().nullable() })) });

test('when a reply matches its schema, then no problem is reported', () => {
  expect(replyProblems(schema, { id: 'a', tasks: [{ taskId: 't', dueDate: null }] })).toEqual([]);
});

test('when a reply has a field of the wrong type, then its path is named', () => {
  expect(replyProblems(schema, { id: 'a', tasks: [{ taskId: 7, dueDate: null }] })).toEqual([expect.stringMatching(/^tasks\.0\.taskId: /)]);
});

test('when a reply carries a field the schema does not declare, nested in an array, then it is reported though zod would strip it', () => {
  expect(replyProblems(schema, { id: 'a', tasks: [{ taskId: 't', dueDate: null, secret: 'x' }] })).toEqual(['tasks[0].secret: not in the documented schema']);
});

test('when a field is undefined, then it is not reported: JSON drops it before the client sees it', () => {
  expect(replyProblems(schema, { id: 'a', tasks: [], extra: undefined })).toEqual([]);
});
