/**
 * The units repository against a real PostgreSQL (127.0.0.1:5432, see
 * test/support/database.ts): a database of its own, migrated from db/migrations.
 */
import { createUnitsRepository, type UnitsRepository } from '../../adapters/storage/units-repository';
import { parseUnitsJson, type UnitRow } from '../../domain/units';
import { InvalidInputError } from '../../domain/validation';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { capturingPool, explainSent } from '../support/query-capture';

let db: TestDatabase;
let units: UnitsRepository;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'units_test' });
  units = createUnitsRepository(db.pool);
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(async () => {
  await db.pool.query('TRUNCATE unit_supervisors, units CASCADE');
});

type RowInput = Omit<UnitRow, 'secretary' | 'supervisors' | 'tags'> & { secretary?: UnitRow['secretary']; supervisors?: string[]; tags?: string[] };
const unit = ({ secretary, supervisors, ...rest }: RowInput) => ({
  secretary: secretary ?? { name: `${rest.name}書記` },
  supervisors: supervisors ?? [],
  ...rest,
});

/** 團黨委 → (機關黨總支 → 支部 a1, a2; 連隊支部 x_1 → x_1a; 連隊支部 xa1; 團委) */
const regiment = () =>
  parseUnitsJson([
    unit({ id: 'x_1a', parentId: 'x_1', name: '一連一排黨小組', type: 'village_company', supervisors: ['sup-x'] }),
    unit({ id: 'reg', parentId: null, name: '團黨委', type: 'agency', supervisors: ['sup-top', 'sup-shared'] }),
    unit({ id: 'gen', parentId: 'reg', name: '機關黨總支', type: 'agency', supervisors: ['sup-gen', 'sup-shared'] }),
    unit({
      id: 'a1',
      parentId: 'gen',
      name: '機關第一黨支部',
      type: 'agency',
      secretary: { name: '王書記', email: 'wang@example.cn', phone: '0991-1234567' },
      supervisors: ['sup-a1'],
    }),
    unit({ id: 'a2', parentId: 'gen', name: '機關第二黨支部', type: 'agency' }),
    unit({ id: 'x_1', parentId: 'reg', name: '一連黨支部', type: 'village_company' }),
    unit({ id: 'xa1', parentId: 'reg', name: '修理所黨支部', type: 'village_company' }),
    unit({ id: 'league', parentId: 'reg', name: '團委', type: 'youth_league' }),
  ]);

async function unitCount(): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM units');
  return Number(rows[0].n);
}

async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected a rejection with InvalidInputError');
}

describe('importing a unit tree', () => {
  it('when a valid tree is imported, then every unit is stored with its path, depth, secretary and own supervisors', async () => {
    await expect(units.importTree(regiment())).resolves.toEqual({ units: 8, supervisors: 6 });

    expect(await units.get('a1')).toEqual({
      id: 'a1',
      parentId: 'gen',
      name: '機關第一黨支部',
      type: 'agency',
      secretary: { name: '王書記', email: 'wang@example.cn', phone: '0991-1234567' },
      path: '/reg/gen/a1/',
      depth: 2,
      supervisors: ['sup-a1'],
      tags: [],
    });
    expect(await units.get('reg')).toMatchObject({ parentId: null, path: '/reg/', depth: 0, supervisors: ['sup-shared', 'sup-top'] });
    expect(await units.get('nobody')).toBeNull();
    expect((await units.listByIds(['league', 'nobody', 'a2', 'league'])).map((u) => u.id)).toEqual(['league', 'a2']);
    expect(await units.listByIds([])).toEqual([]);
  });

  it('when a unit of the file already exists, then the import is refused naming the row and nothing is written', async () => {
    await units.importTree(parseUnitsJson([unit({ id: 'a2', parentId: null, name: '已有支部', type: 'agency' })]));

    const error = await rejection(units.importTree(regiment()));
    expect(error.problems).toEqual([{ path: 'rows.4.id', message: 'unit "a2" (row 4) already exists' }]);
    expect(await unitCount()).toBe(1);
    expect(await units.get('reg')).toBeNull();
  });

  it('when a parent is neither in the file nor an existing unit, then the import is refused and the count stays 0', async () => {
    const tree = parseUnitsJson(
      [
        unit({ id: 'ok', parentId: null, name: '黨委', type: 'agency' }),
        unit({ id: 'lost', parentId: 'ghost', name: '失聯支部', type: 'agency', supervisors: ['s'] }),
      ],
      { allowExternalParents: true },
    );
    const error = await rejection(units.importTree(tree));
    expect(error.problems).toEqual([
      { path: 'rows.1.parentId', message: 'unit "lost" (row 1): the parent "ghost" is neither in the file nor an existing unit' },
    ]);
    expect(await unitCount()).toBe(0);
    const { rows } = await db.pool.query('SELECT * FROM unit_supervisors');
    expect(rows).toEqual([]);
  });

  it('when the database fails in a late batch, then the earlier batches are rolled back too', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) =>
      unit({ id: `b${i}`, parentId: i === 0 ? null : 'b0', name: `第${i}支部`, type: 'community', supervisors: ['s1'] }),
    );
    await db.pool.query(`
      CREATE FUNCTION fail_on_b11999() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id = 'b11999' THEN RAISE EXCEPTION 'simulated failure'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_on_b11999 BEFORE INSERT ON units FOR EACH ROW EXECUTE FUNCTION fail_on_b11999();`);
    try {
      await expect(units.importTree(parseUnitsJson(rows))).rejects.toThrow('simulated failure');
    } finally {
      await db.pool.query('DROP TRIGGER fail_on_b11999 ON units; DROP FUNCTION fail_on_b11999();');
    }
    expect(await unitCount()).toBe(0);
  });

  it('when the file hangs under an existing unit, then its paths and depths continue from that unit', async () => {
    await units.importTree(regiment());
    const tree = parseUnitsJson(
      [
        unit({ id: 'new-leaf', parentId: 'new-branch', name: '新黨小組', type: 'agency' }),
        unit({ id: 'new-branch', parentId: 'a2', name: '新支部', type: 'agency' }),
      ],
      { allowExternalParents: true },
    );
    await units.importTree(tree);
    expect(await units.get('new-branch')).toMatchObject({ parentId: 'a2', path: '/reg/gen/a2/new-branch/', depth: 3 });
    expect(await units.get('new-leaf')).toMatchObject({ path: '/reg/gen/a2/new-branch/new-leaf/', depth: 4 });
    expect(await units.countSubtree('gen')).toBe(5);
  });
});

describe('reading a subtree', () => {
  beforeEach(async () => {
    await units.importTree(regiment());
  });

  it('when a subtree is listed, then it holds the root and its descendants in path order and nothing whose id merely shares a prefix', async () => {
    const page = await units.listSubtree('x_1', { limit: 10 });
    // 'xa1' would match an unescaped LIKE '/reg/x_1/%' ('_' is a wildcard); it is not in the subtree.
    expect(page).toEqual({ units: [expect.objectContaining({ id: 'x_1' }), expect.objectContaining({ id: 'x_1a' })], nextAfterId: null });
    expect(await units.countSubtree('x_1')).toBe(2);
    expect(await units.countSubtree('reg')).toBe(8);
    expect(await units.countSubtree('a1')).toBe(1);
  });

  it('when pages are followed with afterId, then every unit of the subtree comes exactly once, in path order', async () => {
    const seen: string[] = [];
    let afterId: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await units.listSubtree('reg', { afterId, limit: 3 });
      if (!page) throw new Error('root not found');
      pages++;
      seen.push(...page.units.map((u) => u.path));
      if (!page.nextAfterId) break;
      afterId = page.nextAfterId;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([
      '/reg/',
      '/reg/gen/',
      '/reg/gen/a1/',
      '/reg/gen/a2/',
      '/reg/league/',
      '/reg/x_1/',
      '/reg/x_1/x_1a/',
      '/reg/xa1/',
    ]);
  });

  it('when the last page is exactly full, then it says there is no next page', async () => {
    const page = await units.listSubtree('gen', { limit: 3 });
    expect(page?.units.map((u) => u.id)).toEqual(['gen', 'a1', 'a2']);
    expect(page?.nextAfterId).toBeNull();
  });

  it('when the root is unknown, then listing and counting return null', async () => {
    expect(await units.listSubtree('nobody', { limit: 5 })).toBeNull();
    expect(await units.countSubtree('nobody')).toBeNull();
  });

  it('when afterId is outside the subtree or the limit is out of range, then the request is refused', async () => {
    const outside = await rejection(units.listSubtree('gen', { afterId: 'league', limit: 5 }));
    expect(outside.problems).toEqual([{ path: 'afterId', message: '"league" is not a unit in the subtree of "gen"' }]);
    const badLimit = await rejection(units.listSubtree('gen', { limit: 0 }));
    expect(badLimit.problems[0].path).toBe('limit');
  });
});

describe('supervision through the tree', () => {
  beforeEach(async () => {
    await units.importTree(regiment());
  });

  it('when a supervisor is listed on the unit or an ancestor, then they supervise it; otherwise not', async () => {
    expect(await units.isSupervisedBy('a1', 'sup-a1')).toBe(true);
    expect(await units.isSupervisedBy('a1', 'sup-gen')).toBe(true);
    expect(await units.isSupervisedBy('a1', 'sup-top')).toBe(true);
    expect(await units.isSupervisedBy('x_1a', 'sup-top')).toBe(true);
    expect(await units.isSupervisedBy('a2', 'sup-a1')).toBe(false); // a sibling's supervisor
    expect(await units.isSupervisedBy('gen', 'sup-a1')).toBe(false); // a descendant's supervisor
    expect(await units.isSupervisedBy('x_1', 'sup-gen')).toBe(false); // another branch
    expect(await units.isSupervisedBy('nobody', 'sup-top')).toBe(false);
  });

  it('when asking who supervises a unit, then the answer is nearest first, each supervisor once at their nearest level', async () => {
    expect(await units.supervisorsOf('a1')).toEqual(['sup-a1', 'sup-gen', 'sup-shared', 'sup-top']);
    expect(await units.supervisorsOf('a2')).toEqual(['sup-gen', 'sup-shared', 'sup-top']);
    expect(await units.supervisorsOf('x_1a')).toEqual(['sup-x', 'sup-shared', 'sup-top']);
    expect(await units.supervisorsOf('nobody')).toEqual([]);
  });
});

describe('at the scale of a large organisation', () => {
  it('when 100,000 units are imported, then counts, pages and supervision hold and the subtree lookup uses the path index', async () => {
    const N = 100_000;
    // u0 is the root; the children of u<i> are u<10i+1> … u<10i+10>: six levels.
    const rows = Array.from({ length: N }, (_, i) =>
      unit({
        id: `u${i}`,
        parentId: i === 0 ? null : `u${Math.floor((i - 1) / 10)}`,
        name: `第${i}黨支部`,
        type: 'community',
        supervisors: i % 1000 === 1 ? [`sup-${i}`] : [],
      }),
    );
    const tree = parseUnitsJson(rows);

    let started = performance.now();
    const result = await units.importTree(tree);
    const importMs = performance.now() - started;
    expect(result).toEqual({ units: N, supervisors: 100 });
    await db.pool.query('ANALYZE units; ANALYZE unit_supervisors');

    const expected = (root: string) => {
      const prefix = tree.units.find((u) => u.id === root)!.path;
      return tree.units.filter((u) => u.path.startsWith(prefix)).length;
    };
    const big = 'u1'; // 1 + 10 + 100 + 1,000 + 10,000 units, plus 10,000 on the sixth level
    const small = 'u12'; // 1 + 10 + 100 + 1,000 units

    started = performance.now();
    const firstPage = await units.listSubtree(small, { limit: 100 });
    const firstPageMs = performance.now() - started;
    expect(firstPage?.units).toHaveLength(100);
    expect(firstPage?.units[0].id).toBe(small);

    started = performance.now();
    const smallCount = await units.countSubtree(small);
    const smallCountMs = performance.now() - started;
    expect(smallCount).toBe(expected(small));
    expect(smallCount).toBe(1111);

    started = performance.now();
    const bigCount = await units.countSubtree(big);
    const bigCountMs = performance.now() - started;
    expect(bigCount).toBe(expected(big));
    expect(await units.countSubtree('u0')).toBe(N);

    started = performance.now();
    let walked = 0;
    let pages = 0;
    let afterId: string | undefined;
    for (;;) {
      const page = await units.listSubtree(big, { afterId, limit: 1000 });
      walked += page!.units.length;
      pages++;
      if (!page!.nextAfterId) break;
      afterId = page!.nextAfterId;
    }
    const walkMs = performance.now() - started;
    expect(walked).toBe(bigCount);

    const deepLeaf = 'u11111'; // /u0/u1/u11/u111/u1111/u11111/
    expect(await units.get(deepLeaf)).toMatchObject({ path: '/u0/u1/u11/u111/u1111/u11111/', depth: 5 });
    expect(await units.isSupervisedBy(deepLeaf, 'sup-1')).toBe(true);
    expect(await units.isSupervisedBy(deepLeaf, 'sup-1001')).toBe(false);
    started = performance.now();
    const chain = await units.supervisorsOf(deepLeaf);
    const supervisorsMs = performance.now() - started;
    expect(chain).toEqual(['sup-1']);

    // The plan of the page queries the repository itself sends (first page and a later one).
    const captured = capturingPool(db.pool);
    const capturingUnits = createUnitsRepository(captured.pool);
    const second = await capturingUnits.listSubtree(small, { limit: 100, afterId: firstPage!.nextAfterId! });
    await capturingUnits.listSubtree(small, { limit: 100 });
    expect(second?.units).toHaveLength(100);
    const pageQueries = captured.sent.filter((query) => /ORDER BY u\.path/.test(query.text));
    expect(pageQueries).toHaveLength(2);
    const plans = await Promise.all(pageQueries.map((query) => explainSent(db.pool, query)));
    for (const planText of plans) {
      // The page comes in index order: no sort and no scan of the whole table. (Below "SubPlan" is each
      // unit's own supervisors list, sorted per unit.)
      const pagePlan = planText.split(/\n\s*SubPlan/)[0];
      expect(pagePlan).toContain('Index Scan using units_path_prefix');
      expect(pagePlan).not.toMatch(/Sort|Seq Scan/);
      expect(planText).not.toMatch(/Seq Scan on units /);
    }
    const planText = plans[1];

    console.log(
      [
        `100,000 units: import ${importMs.toFixed(0)} ms (${result.supervisors} supervisor rows)`,
        `subtree ${small} (${smallCount} units): first page of 100 ${firstPageMs.toFixed(1)} ms, count ${smallCountMs.toFixed(1)} ms`,
        `subtree ${big} (${bigCount} units): count ${bigCountMs.toFixed(1)} ms, all ${pages} pages of 1,000 ${walkMs.toFixed(0)} ms`,
        `supervisorsOf a depth-5 unit ${supervisorsMs.toFixed(1)} ms`,
        `plan of a subtree page:\n${planText}`,
      ].join('\n'),
    );
  });
});
