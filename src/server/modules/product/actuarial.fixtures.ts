// The built-in CL 2010–2013 rows for tests and benchmarks, read from migration 0003 (the single
// copy in the repository) rather than from ../shared at run time.
import { CL2010_VALUES } from '../../db/migrations/0003_mortality_tables';

/** Column 1..6 = CL1..CL6 (table codes CL2010_1M, _1F, _2M, _2F, _AM, _AF). */
export function cl2010Rows(column: 1 | 2 | 3 | 4 | 5 | 6): { age: number; qx: string }[] {
  return [...CL2010_VALUES.matchAll(/\(([^)]*)\)/g)].map((m) => {
    const cells = m[1]!.split(',').map((s) => s.trim());
    return { age: Number(cells[0]), qx: cells[column]! };
  });
}
