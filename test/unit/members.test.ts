import { parseMembersCsv, parseMembersJson } from '../../domain/members';
import { InvalidInputError } from '../../domain/validation';

const problemsOf = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.problems;
    throw error;
  }
  throw new Error('parsed');
};

describe('member files', () => {
  test('when a row leaves out its role and unit, then it is a member of the unit imported for', () => {
    const file = parseMembersJson([{ id: 'm1', name: '甲' }], { forUnitId: 'u1' });
    expect(file.members).toEqual([{ id: 'm1', unitId: 'u1', name: '甲', role: 'member', floating: false, outflowUnitId: null, source: { row: 0, label: 'row 0' } }]);
  });

  test('when a floating member names an inflow unit other than its unit, then the problem says the inflow unit runs its campaign', () => {
    const problems = problemsOf(() => parseMembersJson([{ id: 'm1', unitId: 'u1', name: '甲', floating: true, inflowUnitId: 'u2', outflowUnitId: 'u3' }]));
    expect(problems).toEqual([{ path: 'rows.0.inflowUnitId', message: expect.stringContaining('the inflow unit runs') }]);
  });

  test('when outflow units are given to a member who does not float, then it is refused', () => {
    expect(problemsOf(() => parseMembersJson([{ id: 'm1', unitId: 'u1', name: '甲', outflowUnitId: 'u3' }])).map((p) => p.path)).toEqual(['rows.0.outflowUnitId']);
  });

  test('when a CSV cell spans two lines, then later rows still name their own CSV line', () => {
    const problems = problemsOf(() => parseMembersCsv('id,unit_id,name,role\nm1,u1,"甲\n乙",member\nm2,u1,丙,boss\n'));
    expect(problems).toEqual([{ path: 'rows.1.role', message: expect.stringContaining('CSV line 4') }]);
  });

  test('when the CSV header has an unknown column, then the header is the problem', () => {
    expect(problemsOf(() => parseMembersCsv('id,name,phone\nm1,甲,123\n'))).toEqual([{ path: 'header', message: expect.stringContaining('"phone"') }]);
  });
});
