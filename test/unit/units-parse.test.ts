import {
  MAX_UNIT_DEPTH,
  isWithinSubtree,
  parseUnitsCsv,
  parseUnitsJson,
  rebasePath,
  selfAndAncestorIds,
  type UnitTree,
} from '../../domain/units';
import { InvalidInputError, type InputProblem } from '../../domain/validation';

const HEADER = 'id,parent_id,name,type,secretary_name,secretary_email,secretary_phone,supervisors';

const row = (over: Record<string, unknown> = {}) => ({
  id: 'u1',
  parentId: null,
  name: '第一黨支部',
  type: 'agency',
  secretary: { name: '王書記' },
  supervisors: [],
  ...over,
});

/** Runs the parse, expecting it to throw InvalidInputError; returns the problems (nothing is returned on error). */
function problemsOf(parse: () => UnitTree): InputProblem[] {
  let result: UnitTree | undefined;
  try {
    result = parse();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems;
  }
  throw new Error(`expected the parse to fail, but it returned ${result.units.length} units`);
}

describe('parsing a unit tree from JSON', () => {
  it('when the rows are valid and children come before parents, then it returns them parents first with paths and depths', () => {
    const tree = parseUnitsJson([
      row({ id: 'branch-2', parentId: 'general', name: '第二黨支部', type: 'school', supervisors: ['sup-b', 'sup-b'] }),
      row({ id: 'general', parentId: 'committee', name: '黨總支', type: 'school', supervisors: ['sup-g'] }),
      row({
        id: 'committee',
        parentId: null,
        name: '團黨委',
        type: 'village_company',
        secretary: { name: '李書記', email: 'li@example.cn', phone: '+86 991-1234567' },
      }),
      row({ id: 'union', parentId: 'committee', name: '團工會', type: 'union' }),
    ]);

    expect(tree.units.map((u) => [u.id, u.path, u.depth])).toEqual([
      ['committee', '/committee/', 0],
      ['general', '/committee/general/', 1],
      ['union', '/committee/union/', 1],
      ['branch-2', '/committee/general/branch-2/', 2],
    ]);
    const committee = tree.units[0];
    expect(committee.parentId).toBeNull();
    expect(committee.secretary).toEqual({ name: '李書記', email: 'li@example.cn', phone: '+86 991-1234567' });
    expect(tree.units[3].supervisors).toEqual(['sup-b']);
    expect(tree.units[3].source).toEqual({ row: 0, label: 'row 0' });
    expect(tree.externalParentIds).toEqual([]);
  });

  it('when given JSON text with a "units" list and empty optional fields, then it parses it the same way', () => {
    const tree = parseUnitsJson(
      JSON.stringify({
        units: [
          { ...row({ id: 'a', parentId: '' }), secretary: { name: '張書記', email: '', phone: null } },
          row({ id: 'b', parentId: 'a', name: '乙支部' }),
        ],
      }),
    );
    expect(tree.units.map((u) => u.path)).toEqual(['/a/', '/a/b/']);
    expect(tree.units[0].parentId).toBeNull();
    expect(tree.units[0].secretary).toEqual({ name: '張書記' });
  });

  it('when the text is not JSON, then the problem says so', () => {
    expect(problemsOf(() => parseUnitsJson('[{"id": '))).toEqual([
      { path: '(json)', message: expect.stringContaining('is not valid JSON') },
    ]);
  });

  it('when the document is neither a list nor has a "units" list, then the problem is at the root', () => {
    expect(problemsOf(() => parseUnitsJson({ rows: [] }))).toEqual([
      { path: '(root)', message: expect.stringContaining('list of units') },
    ]);
  });

  it('when the list is empty, then it is refused', () => {
    expect(problemsOf(() => parseUnitsJson([]))).toEqual([{ path: 'rows', message: 'contains no units' }]);
  });

  it('when a type is unknown, then the problem names the row, the unit, the value and every allowed type', () => {
    const problems = problemsOf(() => parseUnitsJson([row({ id: 'a' }), row({ id: 'b', parentId: 'a', type: 'factory' })]));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('rows.1.type');
    expect(problems[0].message).toContain('unit "b" (row 1)');
    expect(problems[0].message).toContain('"factory"');
    for (const type of ['village_company', 'agency', 'community', 'school', 'health_service', 'non_public_enterprise', 'state_enterprise', 'union', 'youth_league', 'womens_federation']) {
      expect(problems[0].message).toContain(type);
    }
  });

  it('when required fields are missing or malformed, then each one is a problem at its own path', () => {
    const problems = problemsOf(() =>
      parseUnitsJson([
        { id: 'a', parentId: null, type: 'agency' },
        row({ id: 'b', parentId: 'a', name: 'Branch B', secretary: { name: '趙書記', email: 'not-an-email' } }),
        row({ id: 'c/d', parentId: 'a' }),
        row({ id: 'e', parentId: 'a', supervisors: 'sup-1', parent: 'a' }),
      ]),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'rows.0.name',
      'rows.0.secretary',
      'rows.1.name',
      'rows.1.secretary.email',
      'rows.2.id',
      'rows.3.supervisors',
      'rows.3',
    ]);
    expect(problems[0].message).toBe('unit "a" (row 0), name: is required');
    expect(problems[1].message).toBe('unit "a" (row 0), secretary: is required');
    expect(problems[2].message).toContain('Chinese');
    expect(problems[3].message).toContain('"not-an-email"');
    expect(problems[4].message).toMatch(/^row 2, id "c\/d": must be/);
    expect(problems[5].message).toBe('unit "e" (row 3), supervisors "sup-1": must be a list of user ids');
    expect(problems[6].message).toBe('unit "e" (row 3): Unrecognized key: "parent"');
  });

  it('when an id is used twice, then the second row is named with the row that has it first', () => {
    const problems = problemsOf(() =>
      parseUnitsJson([row({ id: 'a' }), row({ id: 'b', parentId: 'a' }), row({ id: 'b', parentId: 'a', name: '又一個' })]),
    );
    expect(problems).toEqual([
      { path: 'rows.2.id', message: 'unit "b" (row 2): the id "b" is already used by row 1; ids must be unique' },
    ]);
  });

  it('when a parent is not in the file, then the row is named, unless parents outside the file are allowed', () => {
    const rows = [row({ id: 'a' }), row({ id: 'b', parentId: 'nowhere' }), row({ id: 'c', parentId: 'b' })];
    expect(problemsOf(() => parseUnitsJson(rows))).toEqual([
      { path: 'rows.1.parentId', message: 'unit "b" (row 1): the parent "nowhere" is not a unit of the file' },
    ]);

    const tree = parseUnitsJson(rows, { allowExternalParents: true });
    expect(tree.externalParentIds).toEqual(['nowhere']);
    expect(tree.units.map((u) => [u.id, u.path, u.depth])).toEqual([
      ['a', '/a/', 0],
      ['b', '/b/', 0],
      ['c', '/b/c/', 1],
    ]);
  });

  it('when units form cycles, then each cycle is reported once, naming every id in it', () => {
    const problems = problemsOf(() =>
      parseUnitsJson([
        row({ id: 'root' }),
        row({ id: 'x', parentId: 'z' }),
        row({ id: 'y', parentId: 'x' }),
        row({ id: 'z', parentId: 'y' }),
        row({ id: 'under-cycle', parentId: 'y' }),
        row({ id: 'self', parentId: 'self' }),
      ]),
    );
    expect(problems).toEqual([
      {
        path: 'rows.1.parentId',
        message: 'unit "x" (row 1) is in a cycle of parents: "x" (row 1) → "z" (row 3) → "y" (row 2) → "x"',
      },
      { path: 'rows.5.parentId', message: 'unit "self" (row 5) is its own parent' },
    ]);
  });

  it('when a row has several kinds of problem, then every problem is listed in row order', () => {
    const problems = problemsOf(() =>
      parseUnitsJson([
        row({ id: 'a', type: 'bad' }),
        row({ id: 'a', parentId: null }),
        row({ id: 'b', parentId: 'missing' }),
        row({ id: 'c', parentId: 'd' }),
        row({ id: 'd', parentId: 'c', secretary: {} }),
      ]),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'rows.0.type',
      'rows.1.id',
      'rows.2.parentId',
      'rows.3.parentId',
      'rows.4.secretary.name',
    ]);
  });

  it('when a chain is deeper than the allowed levels, then the first unit too deep is named, without overflowing the stack', () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => row({ id: `n${i}`, parentId: i === 0 ? null : `n${i - 1}` }));
    const problems = problemsOf(() => parseUnitsJson(chain));
    expect(problems).toEqual([
      {
        path: `rows.${MAX_UNIT_DEPTH + 1}.parentId`,
        message: expect.stringContaining(`unit "n${MAX_UNIT_DEPTH + 1}" (row ${MAX_UNIT_DEPTH + 1}) is ${MAX_UNIT_DEPTH + 2} levels deep`),
      },
    ]);

    const deepest = parseUnitsJson(chain.slice(0, MAX_UNIT_DEPTH + 1));
    expect(deepest.units[MAX_UNIT_DEPTH].depth).toBe(MAX_UNIT_DEPTH);
  });

  it('when a cycle is 100,000 units long, then it is found without overflowing the stack and its listing is shortened', () => {
    const ring = Array.from({ length: 100_000 }, (_, i) => row({ id: `r${i}`, parentId: `r${(i + 1) % 100_000}` }));
    const problems = problemsOf(() => parseUnitsJson(ring));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('rows.0.parentId');
    expect(problems[0].message).toContain('"r0" (row 0) → "r1" (row 1)');
    expect(problems[0].message).toContain('… 99950 more');
  });

  it('when given 100,000 units in reverse order, then it returns them all, parents first', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) =>
      row({ id: `u${i}`, parentId: i === 0 ? null : `u${Math.floor((i - 1) / 10)}`, supervisors: [`s${i % 7}`] }),
    ).reverse();
    const started = performance.now();
    const tree = parseUnitsJson(rows);
    const elapsed = performance.now() - started;
    console.log(`parsed 100,000 JSON units in ${elapsed.toFixed(0)} ms`);
    expect(tree.units).toHaveLength(100_000);
    const position = new Map(tree.units.map((u, k) => [u.id, k]));
    const childrenBeforeParents = tree.units.filter(
      (unit) => unit.parentId !== null && position.get(unit.parentId)! >= position.get(unit.id)!,
    );
    expect(childrenBeforeParents).toEqual([]);
    expect(tree.units[0].id).toBe('u0');
    expect(tree.units[99_999].depth).toBe(5);
  });
});

describe('parsing a unit tree from CSV', () => {
  const csv = [
    HEADER,
    'committee,,團黨委,village_company,李書記,li@example.cn,0991-1234567,sup-1;sup-2',
    'branch-1,committee,"第一連隊黨支部",village_company,"王書記",,,',
    '"women","committee","團婦聯",womens_federation,"陳主任",,,"sup-3"',
  ].join('\n');

  it('when the file is valid, then it returns the units with paths, supervisors split on ";" and CSV lines', () => {
    const tree = parseUnitsCsv(csv);
    expect(tree.units.map((u) => [u.id, u.parentId, u.path, u.depth, u.supervisors])).toEqual([
      ['committee', null, '/committee/', 0, ['sup-1', 'sup-2']],
      ['branch-1', 'committee', '/committee/branch-1/', 1, []],
      ['women', 'committee', '/committee/women/', 1, ['sup-3']],
    ]);
    expect(tree.units[0].secretary).toEqual({ name: '李書記', email: 'li@example.cn', phone: '0991-1234567' });
    expect(tree.units[1].secretary).toEqual({ name: '王書記' });
    expect(tree.units[2].source).toEqual({ row: 2, line: 4, label: 'CSV line 4' });
  });

  it('when the columns come in another order with a BOM, CRLF and blank lines, then it still parses', () => {
    const text =
      '\uFEFFname,id,type,parent_id,supervisors,secretary_name,secretary_email,secretary_phone\r\n' +
      '黨委,a,agency,,,甲,,\r\n\r\n' +
      '支部,b,agency,a,x;y,乙,,\r\n';
    const tree = parseUnitsCsv(text);
    expect(tree.units.map((u) => [u.id, u.path, u.source.line])).toEqual([
      ['a', '/a/', 2],
      ['b', '/a/b/', 4],
    ]);
  });

  it('when the header lacks or adds columns, then the problem lists them', () => {
    const problems = problemsOf(() => parseUnitsCsv('id,parent,name,type,secretary_name\na,,甲,agency,甲\n'));
    expect(problems).toEqual([
      { path: 'header', message: expect.stringContaining('parent_id, secretary_email, secretary_phone, supervisors') },
      { path: 'header', message: expect.stringContaining('"parent"') },
    ]);
  });

  it('when the CSV is malformed, then the problem carries the parser message', () => {
    expect(problemsOf(() => parseUnitsCsv(`${HEADER}\na,,"甲,agency,甲,,,\n`))).toEqual([
      { path: '(csv)', message: expect.stringContaining('Quote Not Closed') },
    ]);
  });

  it('when rows have problems, then each names the unit id, its CSV line and column', () => {
    const text = [
      HEADER,
      'a,,黨委,agency,甲,,,',
      'b,a,"支部',
      '跨行",factory,乙,,,',
      'c,a,支部丙,agency,,bad@,,',
      'a,,重複,agency,丁,,,',
      'd,ghost,支部丁,agency,戊,,,',
      'e,a,支部戊,agency,己,,,,extra',
    ].join('\n');
    const problems = problemsOf(() => parseUnitsCsv(text));
    expect(problems).toEqual([
      {
        path: 'rows.1.type',
        message: expect.stringMatching(/^unit "b" \(CSV line 3\), type "factory": must be one of: village_company, /),
      },
      { path: 'rows.2.secretary.name', message: 'unit "c" (CSV line 5), secretary_name: is required' },
      { path: 'rows.2.secretary.email', message: 'unit "c" (CSV line 5), secretary_email "bad@": must be an email address' },
      { path: 'rows.3.id', message: 'unit "a" (CSV line 6): the id "a" is already used by CSV line 2; ids must be unique' },
      { path: 'rows.4.parentId', message: 'unit "d" (CSV line 7): the parent "ghost" is not a unit of the file' },
      { path: 'rows.5', message: 'unit "e" (CSV line 8) has 9 cells; the header has 8' },
    ]);
  });

  it('when rows form a cycle, then the problem names the ids and their CSV lines', () => {
    const text = [HEADER, 'p,q,甲,agency,甲,,,', 'q,p,乙,agency,乙,,,'].join('\n');
    expect(problemsOf(() => parseUnitsCsv(text))).toEqual([
      {
        path: 'rows.0.parentId',
        message: 'unit "p" (CSV line 2) is in a cycle of parents: "p" (CSV line 2) → "q" (CSV line 3) → "p"',
      },
    ]);
  });

  it('when given 100,000 rows, then it returns every unit with its CSV line', () => {
    const lines = [HEADER];
    for (let i = 0; i < 100_000; i++) {
      lines.push(`u${i},${i === 0 ? '' : `u${Math.floor((i - 1) / 20)}`},第${i}支部,community,書記${i},,,s${i % 3}`);
    }
    const started = performance.now();
    const tree = parseUnitsCsv(lines.join('\n'));
    console.log(`parsed 100,000 CSV units in ${(performance.now() - started).toFixed(0)} ms`);
    expect(tree.units).toHaveLength(100_000);
    expect(tree.units[99_999].source.line).toBe(100_001);
  });
});

describe('paths', () => {
  it('when a path starts with the root path at a segment boundary, then it is within the subtree', () => {
    expect(isWithinSubtree('/a/b/c/', '/a/b/')).toBe(true);
    expect(isWithinSubtree('/a/b/', '/a/b/')).toBe(true);
    expect(isWithinSubtree('/a/b/', '/a/b')).toBe(true);
    expect(isWithinSubtree('/a/bc/', '/a/b/')).toBe(false);
    expect(isWithinSubtree('/a/bc/', '/a/b')).toBe(false);
    expect(isWithinSubtree('/a/', '/a/b/')).toBe(false);
  });

  it('when listing ancestors or rebasing, then the path segments are used nearest first and joined once', () => {
    expect(selfAndAncestorIds('/a/b/c/')).toEqual(['c', 'b', 'a']);
    expect(rebasePath('/top/x/', '/r/p/')).toBe('/r/p/top/x/');
  });
});
