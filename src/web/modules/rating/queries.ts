import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, uploadWorkbook } from '../../app/api';

/**
 * Client shapes of the rating / actuarial / party-check API. They mirror the TypeBox schemas in
 * src/server/modules/product/ctpl.schemas.ts, commercial.schemas.ts, actuarial.schemas.ts and
 * party/schemas.ts.
 */

export { CTPL_USAGES, type CtplUsage } from '../../../contracts/rating';
import type { CtplUsage } from '../../../contracts/rating';

/** What the tariff measures a vehicle of this usage by (ctpl-base-premium.csv `measure`). */
export type CtplMeasure = 'seats' | 'tonnage' | 'engineCc' | null;
export function measureOf(usage: CtplUsage | undefined): CtplMeasure {
  if (!usage) return null;
  if (usage === 'TRUCK_NONBUSINESS' || usage === 'TRUCK_BUSINESS') return 'tonnage';
  if (usage === 'MOTORCYCLE') return 'engineCc';
  if (usage.startsWith('SPECIAL_')) return null;
  return 'seats';
}

/**
 * The 36 region names of the 交强险 floating-rate schemes (A–E). Source:
 * /work/shared/data/ctpl-float-regions.csv (column region_zh). There is no region-list endpoint;
 * keep this in step with that file.
 */
export const CTPL_REGIONS = [
  '内蒙古', '海南', '青海', '西藏',
  '陕西', '云南', '广西',
  '甘肃', '吉林', '山西', '黑龙江', '新疆',
  '北京', '天津', '河北', '宁夏',
  '江苏', '浙江', '安徽', '上海', '湖南', '湖北', '江西', '辽宁', '河南', '福建', '重庆', '山东', '广东',
  '深圳', '厦门', '四川', '贵州', '大连', '青岛', '宁波',
] as const;

export interface CtplQuoteInput {
  vehicle: { usage: CtplUsage; seats?: number; tonnage?: number; engineCc?: number; trailer?: boolean };
  region: string;
  history: { claimFreeYears: number; atFaultAccidentsLastYear: number; fatalAtFaultLastYear: boolean };
}

export type CtplFloatFactor = 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6';

export interface CtplLimitSet {
  deathDisability: string;
  medical: string;
  property: string;
}

export interface CtplQuote {
  category: string;
  basePremium: string;
  floatFactor: CtplFloatFactor | null;
  floatRate: string;
  premium: string;
  limits: { atFault: CtplLimitSet; notAtFault: CtplLimitSet };
}

export function useCtplQuote() {
  return useMutation({
    mutationFn: (body: CtplQuoteInput) => api.post<CtplQuote>('/rating/ctpl', body),
  });
}

// ---------- 商业车险 ----------

/**
 * The coverages of the commercial motor rate table (commercial_coverage in migration 0004) and what
 * each one's base premium is computed from. There is no coverage-list endpoint: a coverage or
 * limit the table in force does not have comes back as a 422 naming the field (with the offered
 * limits in its message).
 */
export const COMMERCIAL_COVERAGES = ['CAR_DAMAGE', 'THIRD_PARTY', 'DRIVER', 'PASSENGER'] as const;
export type CommercialCoverageCode = (typeof COMMERCIAL_COVERAGES)[number];

/** 第三者责任保险 limits in yuan, as the 2020 reform offers them (10万–1000万); the table decides which it rates. */
export const THIRD_PARTY_LIMITS = ['100000', '150000', '200000', '300000', '500000', '1000000', '1500000', '2000000', '3000000', '4000000', '5000000', '10000000'] as const;

export interface CommercialCoverageInput {
  code: string;
  limit?: string;
  sumInsured?: string;
  seats?: number;
}

export interface CommercialQuoteInput {
  vehicle: { usage: CtplUsage; seats?: number; ageYears: number; actualValue?: string };
  region: string;
  coverages: CommercialCoverageInput[];
  history: { claimsLast3Years: number; consecutiveInsuredYears: number; newOrTransferred?: boolean; lapseMonths?: number };
  pricingCoefficient?: string;
}

export type CommercialFactorCode = 'NCD' | 'PRICING' | 'VIOLATION';

export interface CommercialFactor {
  code: CommercialFactorCode;
  value: string;
  why: string;
}

export interface CommercialLine {
  code: string;
  name: string;
  basis: string;
  basePremium: string;
  factors: CommercialFactor[];
  premium: string;
}

export interface CommercialQuote {
  referenceVersion: string;
  /** The rate table in force is sample data, not a company's filed rates. */
  sampleRates: boolean;
  ncdLevel: number;
  ncdCoefficient: string;
  pricingCoefficient: string;
  violationCoefficient: string;
  lines: CommercialLine[];
  premium: string;
}

export function useCommercialQuote() {
  return useMutation({
    mutationFn: (body: CommercialQuoteInput) => api.post<CommercialQuote>('/rating/commercial', body),
  });
}

// ---------- life net premiums ----------

export const BENEFITS = ['WHOLE_LIFE', 'TERM', 'PURE_ENDOWMENT', 'ENDOWMENT', 'ANNUITY_DUE'] as const;
export type Benefit = (typeof BENEFITS)[number];

export interface LifeTable {
  code: string;
  name: string;
  source: string | null;
  builtin: boolean;
  minAge: number;
  maxAge: number;
}

export interface LifeQuoteInput {
  table: string;
  interest: number;
  benefit: Benefit;
  age: number;
  term?: number;
  paymentTerm?: number;
  sumAssured: string;
}

export interface LifeQuote {
  netSinglePremium: string;
  netAnnualPremium: string;
  annuityDue: string;
}

export const ratingKeys = {
  lifeTables: ['rating', 'lifeTables'] as const,
  rateTables: ['rating', 'rateTables'] as const,
};

export function useLifeTables() {
  return useQuery({
    queryKey: ratingKeys.lifeTables,
    queryFn: ({ signal }) => api.get<{ items: LifeTable[] }>('/actuarial/tables', undefined, signal).then((r) => r.items),
  });
}

export function useLifeQuote() {
  return useMutation({
    mutationFn: (body: LifeQuoteInput) => api.post<LifeQuote>('/actuarial/quote', body),
  });
}

// ---------- rate tables from Excel (费率表管理) ----------

/** GET /rating/commercial/rate-tables (commercial.schemas.ts RateTableSummarySchema). */
export interface RateTableSummary {
  code: string;
  name: string;
  effectiveFrom: string;
  sample: boolean;
  source: string;
  rows: number;
  /** The table quotes use today. */
  inForce: boolean;
}

/** The server's limit for rate-table and life-table workbooks. */
export const RATE_FILE_MAX_BYTES = 5 * 1024 * 1024;

export function useRateTables() {
  return useQuery({
    queryKey: ratingKeys.rateTables,
    queryFn: ({ signal }) => api.get<{ items: RateTableSummary[] }>('/rating/commercial/rate-tables', undefined, signal).then((r) => r.items),
  });
}


export interface RateTableImport {
  code: string;
  name: string;
  effectiveFrom: string;
  source: string;
  file: File;
  onProgress: (percent: number) => void;
}

export function useImportRateTable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress, ...query }: RateTableImport) => uploadWorkbook<RateTableSummary>('/rating/commercial/rate-tables/import', { ...query }, file, onProgress),
    // The page shows the error in place (the Excel row it names).
    meta: { silent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ratingKeys.rateTables }),
  });
}

export interface LifeTableImport {
  code: string;
  name: string;
  file: File;
  onProgress: (percent: number) => void;
}

export function useImportLifeTable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress, ...query }: LifeTableImport) => uploadWorkbook<LifeTable>('/actuarial/tables/import', { ...query }, file, onProgress),
    meta: { silent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ratingKeys.lifeTables }),
  });
}

// ---------- identity checks ----------

export const RESIDENT_ID_REASONS = ['LENGTH', 'FORMAT', 'REGION', 'DATE', 'CHECKSUM'] as const;
export type IdReason = (typeof RESIDENT_ID_REASONS)[number];

export type IdCheckResult =
  | { valid: true; normalized: string; birthDate: string; sex: 'M' | 'F'; province: string }
  | { valid: false; reason: IdReason };
export type UsccCheckResult = { valid: true } | { valid: false; reason: 'LENGTH' | 'FORMAT' | 'CHECKSUM' };

export type IdCheckKind = 'RESIDENT_ID' | 'USCC';

export function useIdCheck() {
  return useMutation({
    mutationFn: ({ kind, value }: { kind: IdCheckKind; value: string }): Promise<IdCheckResult | UsccCheckResult> =>
      kind === 'RESIDENT_ID'
        ? api.get<IdCheckResult>('/parties/id-check', { type: 'RESIDENT_ID', number: value })
        : api.get<UsccCheckResult>('/parties/uscc-check', { code: value }),
  });
}
