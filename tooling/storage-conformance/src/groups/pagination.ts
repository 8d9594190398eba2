import {
  type Async,
  batchCommand,
  type DriftStorage,
  type PatternConfidenceInsertRow,
  type PatternConfidenceRow,
} from '@drift/storage-traits';
import { sampleRow } from '@drift/storage-traits/testing';
import { expectSame, type GroupContext, omit, sendAndFlush } from '../support.js';
import { detection } from './analysis.js';
import { violation } from './enforcement.js';

const TIER = 'Established';

/** Pattern `pat/NNNN` of the paginated tier (ASCII ids so every backend sorts them alike). */
function tierRow(id: string, tier = TIER): PatternConfidenceInsertRow {
  return sampleRow('InsertPatternConfidence', 7, { patternId: id, tier });
}

const padded = (i: number) => `pat/${String(i).padStart(4, '0')}`;

/** Walks the keyset pages of the tier until an empty page; `between` runs after each page. */
async function walkPages(
  s: Async<DriftStorage>,
  limit: number,
  between?: (pageIndex: number, lastId: string) => Promise<void>,
): Promise<PatternConfidenceRow[][]> {
  const pages: PatternConfidenceRow[][] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await s.queryConfidenceByTier(TIER, after, limit);
    if (page.length === 0) return pages;
    pages.push(page);
    after = page[page.length - 1]!.patternId;
    await between?.(pages.length - 1, after);
  }
  throw new Error('queryConfidenceByTier never answered an empty page');
}

/** Registers the keyset pagination tests (CT0-B-05). */
export function paginationGroup(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;

  test('CT0-B-05: 200 violations are all readable, once each, in file and line order', async (s) => {
    const rows = Array.from({ length: 200 }, (_, i) =>
      violation(`v_${String(i).padStart(3, '0')}`, `src/f${i % 7}.rs`, i + 1, { message: `Violation ${i}` }),
    );
    for (const row of rows) await s.insertViolation(row);
    const all = await s.queryAllViolations();
    expect(all).toHaveLength(200);
    expect(new Set(all.map((r) => r.id)).size, 'no duplicate violation ids').toBe(200);
    const order = all.map((r) => [r.file, r.line] as const);
    const sorted = [...order].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
    expect(order).toEqual(sorted);
    let total = 0;
    for (let f = 0; f < 7; f++) total += (await s.queryViolationsByFile(`src/f${f}.rs`)).length;
    expect(total).toBe(200);
  });

  test('CT0-B-05: 200 rows of a tier page by keyset with limit 50: 4 full pages, no duplicates or gaps', async (s) => {
    const rows = Array.from({ length: 200 }, (_, i) => tierRow(padded(i * 2)));
    // other tiers interleaved in the id space must not show up
    const others = Array.from({ length: 50 }, (_, i) =>
      tierRow(padded(i * 4 + 1), i % 2 === 0 ? 'Emerging' : 'Tentative'),
    );
    await sendAndFlush(s, batchCommand('InsertPatternConfidence', [...others, ...rows].reverse()));
    const pages = await walkPages(s, 50);
    expect(pages.map((p) => p.length)).toEqual([50, 50, 50, 50]);
    const ids = pages.flat().map((r) => r.patternId);
    expect(ids).toEqual(rows.map((r) => r.patternId)); // ascending, every row once, nothing else
    expectSame(api, omit(pages[2]![0]!, 'lastUpdated'), rows[100]);
  });

  test('keyset pages stay consistent while rows are inserted between pages', async (s) => {
    const rows = Array.from({ length: 200 }, (_, i) => tierRow(padded(i * 10)));
    await sendAndFlush(s, batchCommand('InsertPatternConfidence', rows));
    const early = [padded(5), padded(15)]; // before the first cursor: never seen again
    const late = [padded(1005), padded(1995), padded(5000)]; // after the cursor: must be seen once
    const pages = await walkPages(s, 50, async (index) => {
      if (index === 1) {
        await s.upsertConfidence({ ...tierRow(early[0]!), lastUpdated: 0 });
        await s.upsertConfidence({ ...tierRow(late[0]!), lastUpdated: 0 });
        await sendAndFlush(
          s,
          batchCommand('InsertPatternConfidence', [tierRow(early[1]!), tierRow(late[1]!), tierRow(late[2]!)]),
        );
      }
    });
    const ids = pages.flat().map((r) => r.patternId);
    expect(new Set(ids).size, 'no row is answered twice').toBe(ids.length);
    expect(ids).toEqual([...ids].sort()); // strictly ascending across pages
    for (const row of rows) expect(ids, `no gap: ${row.patternId}`).toContain(row.patternId);
    for (const id of late) expect(ids, `inserted after the cursor: ${id}`).toContain(id);
    for (const id of early) expect(ids, `inserted before the cursor: ${id}`).not.toContain(id);
    expect(ids).toHaveLength(203);
    expect(pages.map((p) => p.length)).toEqual([50, 50, 50, 50, 3]);
  });

  test('a keyset page never exceeds its limit, and a limit beyond the rest answers the rest', async (s) => {
    await sendAndFlush(
      s,
      batchCommand(
        'InsertPatternConfidence',
        Array.from({ length: 7 }, (_, i) => tierRow(padded(i))),
      ),
    );
    expect(await s.queryConfidenceByTier(TIER, null, 3)).toHaveLength(3);
    expect((await s.queryConfidenceByTier(TIER, padded(4), 50)).map((r) => r.patternId)).toEqual([
      padded(5),
      padded(6),
    ]);
    expect(await s.queryConfidenceByTier(TIER, padded(6), 50)).toEqual([]);
    expect(await s.queryConfidenceByTier(TIER, 'zzz', 50)).toEqual([]);
    expect((await s.queryConfidenceByTier(TIER, '', 50)).length).toBe(7);
  });

  test('limited reads answer at most limit rows, the first ones of their order', async (s) => {
    await s.insertDetections(Array.from({ length: 30 }, (_, i) => detection(i, { confidence: i / 100 })));
    const top = await s.queryAllDetections(5);
    expect(top.map((r) => r.confidence)).toEqual([0.29, 0.28, 0.27, 0.26, 0.25]);
    expect(await s.queryAllDetections(1000)).toHaveLength(30);
    for (let i = 0; i < 12; i++) await s.insertScanStart(1000 + i, `/repo/${i}`);
    expect((await s.queryRecentScans(3)).map((r) => r.startedAt)).toEqual([1011, 1010, 1009]);
    expect(await s.queryRecentScans(100)).toHaveLength(12);
  });
}
