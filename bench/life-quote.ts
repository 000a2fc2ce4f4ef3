// Life quote latency, in process (issue 3: < 5 ms per quote). The quote path of the API is a cached
// table lookup plus actuarial.rules `quote`, so this times `quote` itself over every combination:
// ages 0–100 × terms 1..(105 − age) × the 5 benefits on CL2010_1M at i = 3.5%. For WHOLE_LIFE the
// term is used as the payment term (whole life has no term); for ANNUITY_DUE it is the number of
// payments. One untimed pass first warms up the JIT.
// The same over HTTP, end to end on the real server: bench/life-quote-http.ts.
//
//   node --import tsx bench/life-quote.ts
import { cl2010Rows } from '../src/server/modules/product/actuarial.fixtures';
import { BENEFITS, lifeTable, quote, type Benefit, type QuoteInput } from '../src/server/modules/product/actuarial.rules';

const table = lifeTable('CL2010_1M', cl2010Rows(1));

function inputs(benefit: Benefit): QuoteInput[] {
  const out: QuoteInput[] = [];
  for (let age = 0; age <= 100; age++) {
    for (let t = 1; t <= 105 - age; t++) {
      const common = { benefit, age, interest: 0.035, sumAssured: '100000' };
      out.push(benefit === 'WHOLE_LIFE' ? { ...common, paymentTerm: t } : { ...common, term: t, paymentTerm: Math.min(t, 20) });
    }
  }
  return out;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (x: number) => x.toFixed(3);
const over = (times: number[]) => times.filter((t) => t > 5).length;

const all: number[] = [];
const lines: string[] = ['| benefit | quotes | p50 ms | p95 ms | max ms | > 5 ms |', '|---|---|---|---|---|---|'];
for (const benefit of BENEFITS) {
  const cases = inputs(benefit);
  for (const c of cases) quote(table, c); // warm-up
  const times = cases.map((c) => {
    const t0 = performance.now();
    quote(table, c);
    return performance.now() - t0;
  });
  times.sort((a, b) => a - b);
  all.push(...times);
  lines.push(`| ${benefit} | ${times.length} | ${ms(pct(times, 50))} | ${ms(pct(times, 95))} | ${ms(times[times.length - 1]!)} | ${over(times)} |`);
}
all.sort((a, b) => a - b);
lines.push(`| all | ${all.length} | ${ms(pct(all, 50))} | ${ms(pct(all, 95))} | ${ms(all[all.length - 1]!)} | ${over(all)} |`);
console.log(`node ${process.version}\n${lines.join('\n')}`);
