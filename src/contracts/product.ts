// Shapes shared by the server and the web app for the product catalogue (/api/v1/products).
// Types and constants only — no logic. The server's TypeBox schemas (modules/product/catalogue.schemas.ts)
// must match these. Full HTTP reference: docs/api-product.md.

import type { Page } from './system';

type Label = { zh: string; en: string };

/** Lines of business (险种大类). */
export const PRODUCT_LINES = {
  CTPL: { zh: '交强险', en: 'CTPL (compulsory motor)' },
  COMMERCIAL_MOTOR: { zh: '商业车险', en: 'Commercial motor' },
  TERM_LIFE: { zh: '定期寿险', en: 'Term life' },
  WHOLE_LIFE: { zh: '终身寿险', en: 'Whole life' },
  ENDOWMENT: { zh: '两全保险', en: 'Endowment' },
  ANNUITY: { zh: '年金保险', en: 'Annuity' },
  HEALTH: { zh: '健康险', en: 'Health' },
  ACCIDENT: { zh: '意外险', en: 'Accident' },
  PROPERTY: { zh: '财产险', en: 'Property' },
} as const satisfies Record<string, Label>;
export type ProductLine = keyof typeof PRODUCT_LINES;
export const PRODUCT_LINE_CODES = Object.keys(PRODUCT_LINES) as ProductLine[];

/** draft → approved → retired. Only approved versions in their effective period can be quoted. */
export const VERSION_STATUSES = {
  DRAFT: { zh: '草稿', en: 'Draft' },
  APPROVED: { zh: '已审批', en: 'Approved' },
  RETIRED: { zh: '已停售', en: 'Retired' },
} as const satisfies Record<string, Label>;
export type VersionStatus = keyof typeof VERSION_STATUSES;
export const VERSION_STATUS_CODES = Object.keys(VERSION_STATUSES) as VersionStatus[];

/** Sales channels a version may be sold through (each with its own cooling-off period). */
export const CHANNELS = {
  DIRECT: { zh: '直销', en: 'Direct' },
  AGENT: { zh: '个人代理', en: 'Agents' },
  BANCASSURANCE: { zh: '银行代理', en: 'Bancassurance' },
  DEALER: { zh: '车商', en: 'Car dealers' },
  ONLINE: { zh: '互联网', en: 'Online' },
} as const satisfies Record<string, Label>;
export type Channel = keyof typeof CHANNELS;
export const CHANNEL_CODES = Object.keys(CHANNELS) as Channel[];

/** Product risk level for suitability checks (R1 lowest … R5 highest). */
export const RISK_LEVELS = {
  R1: { zh: 'R1 低风险', en: 'R1 low' },
  R2: { zh: 'R2 中低风险', en: 'R2 low-medium' },
  R3: { zh: 'R3 中风险', en: 'R3 medium' },
  R4: { zh: 'R4 中高风险', en: 'R4 medium-high' },
  R5: { zh: 'R5 高风险', en: 'R5 high' },
} as const satisfies Record<string, Label>;
export type RiskLevel = keyof typeof RISK_LEVELS;
export const RISK_LEVEL_CODES = Object.keys(RISK_LEVELS) as RiskLevel[];

export const PAYMENT_MODES = {
  SINGLE: { zh: '趸交', en: 'Single premium' },
  ANNUAL: { zh: '年交', en: 'Annual' },
  SEMI_ANNUAL: { zh: '半年交', en: 'Semi-annual' },
  QUARTERLY: { zh: '季交', en: 'Quarterly' },
  MONTHLY: { zh: '月交', en: 'Monthly' },
} as const satisfies Record<string, Label>;
export type PaymentMode = keyof typeof PAYMENT_MODES;
export const PAYMENT_MODE_CODES = Object.keys(PAYMENT_MODES) as PaymentMode[];

/** How a version is priced; each dispatches to one rating engine. */
export const RATING_METHODS = {
  CTPL: { zh: '交强险全国统一费率', en: 'CTPL national tariff' },
  COMMERCIAL_MOTOR: { zh: '商业车险费率表', en: 'Commercial motor rate table' },
  LIFE_NET: { zh: '寿险净保费（生命表 + 预定利率）', en: 'Life net premium (table + interest)' },
  LIFE_GROSS: { zh: '寿险毛保费（净保费 + 附加费用）', en: 'Life gross premium (net + loadings)' },
  FIXED: { zh: '固定费率（保额 × 费率）', en: 'Fixed rate (sum assured × rate)' },
} as const satisfies Record<string, Label>;
export type RatingMethod = keyof typeof RATING_METHODS;
export const RATING_METHOD_CODES = Object.keys(RATING_METHODS) as RatingMethod[];

/** Life benefits of the actuarial engine (actuarial.rules.ts BENEFITS). */
export const LIFE_BENEFITS = {
  WHOLE_LIFE: { zh: '终身寿险', en: 'Whole life' },
  TERM: { zh: '定期寿险', en: 'Term' },
  PURE_ENDOWMENT: { zh: '生存保险', en: 'Pure endowment' },
  ENDOWMENT: { zh: '两全保险', en: 'Endowment' },
  ANNUITY_DUE: { zh: '期首付年金', en: 'Annuity-due' },
} as const satisfies Record<string, Label>;
export type LifeBenefit = keyof typeof LIFE_BENEFITS;
export const LIFE_BENEFIT_CODES = Object.keys(LIFE_BENEFITS) as LifeBenefit[];

/** Which rating methods (and, for life, which benefits) each line may use. */
export const LINE_RATING: Record<ProductLine, { methods: RatingMethod[]; benefits?: LifeBenefit[] }> = {
  CTPL: { methods: ['CTPL'] },
  COMMERCIAL_MOTOR: { methods: ['COMMERCIAL_MOTOR'] },
  TERM_LIFE: { methods: ['LIFE_NET', 'LIFE_GROSS'], benefits: ['TERM'] },
  WHOLE_LIFE: { methods: ['LIFE_NET', 'LIFE_GROSS'], benefits: ['WHOLE_LIFE'] },
  ENDOWMENT: { methods: ['LIFE_NET', 'LIFE_GROSS'], benefits: ['ENDOWMENT', 'PURE_ENDOWMENT'] },
  ANNUITY: { methods: ['LIFE_NET', 'LIFE_GROSS'], benefits: ['ANNUITY_DUE'] },
  HEALTH: { methods: ['FIXED'] },
  ACCIDENT: { methods: ['FIXED'] },
  PROPERTY: { methods: ['FIXED'] },
};

/** The parameters each rating method takes (besides `method`), in the editor's order. */
export const RATING_PARAMETERS = {
  CTPL: [],
  COMMERCIAL_MOTOR: ['defaultPricingCoefficient'],
  LIFE_NET: ['benefit', 'tableMale', 'tableFemale', 'interest'],
  LIFE_GROSS: ['benefit', 'tableMale', 'tableFemale', 'interest', 'expenseRatio', 'perPolicy'],
  FIXED: ['rate', 'minPremium'],
} as const satisfies Record<RatingMethod, readonly string[]>;

/** Amounts are decimal strings in yuan ("200000.00"), never numbers. */
export interface Coverage {
  /** Unique within the version, e.g. THIRD_PARTY, DEATH. For 商业车险, the rate-table coverage code. */
  code: string;
  name: string;
  /** Limit / sum insured in yuan; null when the coverage has none (or it is chosen at quote time). */
  limit: string | null;
  /** Deductible in yuan; null for none. */
  deductible: string | null;
}

export type RatingSpec =
  | { method: 'CTPL' }
  /** `defaultPricingCoefficient`: used when the quote gives none (the engine's default is 1.00). */
  | { method: 'COMMERCIAL_MOTOR'; defaultPricingCoefficient: string | null }
  /** Interest as an effective annual rate, decimal string ("0.025" = 2.5%); tables by the insured's sex. */
  | { method: 'LIFE_NET'; benefit: LifeBenefit; tableMale: string; tableFemale: string; interest: string }
  /**
   * Gross premium = (net premium + perPolicy) ÷ (1 − expenseRatio), half-up to the fen.
   * `expenseRatio` a decimal string in [0, 0.9]; `perPolicy` yuan per premium payment.
   */
  | { method: 'LIFE_GROSS'; benefit: LifeBenefit; tableMale: string; tableFemale: string; interest: string; expenseRatio: string; perPolicy: string }
  /** Premium = max(sum assured × rate, minPremium), half-up to the fen. */
  | { method: 'FIXED'; rate: string; minPremium: string };

export interface ProductDefinition {
  coverages: Coverage[];
  rating: RatingSpec;
  /** Insured's age limits in whole years (inclusive); null = no limit. */
  minAge: number | null;
  maxAge: number | null;
  minSumAssured: string | null;
  maxSumAssured: string | null;
  paymentModes: PaymentMode[];
  /** Offered terms of cover in years; empty = whole of life (whole-life products) or not restricted. */
  coverageTerms: number[];
  /** Offered premium-paying terms in years; empty = not restricted (or single premium). */
  paymentTerms: number[];
  riskLevel: RiskLevel;
  channels: Channel[];
  /** Cooling-off (犹豫期) days for each allowed channel. */
  coolingOffDays: Partial<Record<Channel, number>>;
  /** Regulatory filing / registration number (备案编号); required to approve. */
  filingNo: string | null;
}

export interface VersionSummary {
  id: string;
  productId: string;
  versionNo: number;
  status: VersionStatus;
  /** Business dates, Asia/Shanghai, 'YYYY-MM-DD'; effectiveTo null = open-ended. Both inclusive. */
  effectiveFrom: string;
  effectiveTo: string | null;
  ratingMethod: RatingMethod;
  note: string | null;
  createdBy: UserRef;
  createdAt: string;
  updatedBy: UserRef;
  updatedAt: string;
  approvedBy: UserRef | null;
  approvedAt: string | null;
  retiredBy: UserRef | null;
  retiredAt: string | null;
  /** Approved and in its effective period today (Asia/Shanghai). */
  quotable: boolean;
}

export interface UserRef {
  id: string;
  username: string;
  name: string;
}

export interface VersionDetail extends VersionSummary {
  product: { id: string; code: string; name: string; line: ProductLine };
  definition: ProductDefinition;
}

export interface ProductListItem {
  id: string;
  code: string;
  name: string;
  line: ProductLine;
  versionCount: number;
  latestVersion: { id: string; versionNo: number; status: VersionStatus; effectiveFrom: string; effectiveTo: string | null };
  /** The version quotable today, if any. */
  currentVersion: { id: string; versionNo: number; effectiveFrom: string; effectiveTo: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

export type ProductPage = Page<ProductListItem>;

export interface ProductDetail {
  id: string;
  code: string;
  name: string;
  line: ProductLine;
  createdBy: UserRef;
  createdAt: string;
  updatedAt: string;
  /** Newest first. */
  versions: VersionSummary[];
}

export interface CreateProductInput {
  code: string;
  name: string;
  line: ProductLine;
  effectiveFrom: string;
  effectiveTo?: string | null;
  /** Absent: a starting definition for the line (definitionTemplate). */
  definition?: ProductDefinition;
  note?: string | null;
}

export interface UpdateVersionInput {
  effectiveFrom: string;
  effectiveTo: string | null;
  definition: ProductDefinition;
  note: string | null;
  /** The `updatedAt` of the version being edited; a newer save by someone else answers 409 PRODUCT_VERSION_STALE. */
  baseUpdatedAt?: string;
}

/** One row of a side-by-side comparison: path like ['coverages', 'THIRD_PARTY', 'limit']. */
export interface DiffRow {
  path: string[];
  before: DiffValue;
  after: DiffValue;
  changed: boolean;
}
export type DiffValue = string | number | string[] | number[] | null;

export interface VersionDiff {
  from: VersionDetail;
  to: VersionDetail;
  rows: DiffRow[];
  changedCount: number;
}

export interface QuotableVersion {
  id: string;
  productId: string;
  productCode: string;
  productName: string;
  line: ProductLine;
  versionNo: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  ratingMethod: RatingMethod;
  definition: ProductDefinition;
}

/** POST /products/versions/:id/quote: the part matching the version's rating method is required. */
export interface ProductQuoteInput {
  channel?: Channel;
  ctpl?: unknown;
  commercial?: unknown;
  life?: { sex: 'M' | 'F'; age: number; term?: number; paymentTerm?: number; paymentMode: PaymentMode; sumAssured: string };
  fixed?: { age?: number; sumAssured: string };
}

export interface LifeQuoteResult {
  table: string;
  interest: string;
  benefit: LifeBenefit;
  term: number | null;
  paymentTerm: number;
  paymentMode: 'SINGLE' | 'ANNUAL';
  netSinglePremium: string;
  netAnnualPremium: string;
  annuityDue: string;
  /** LIFE_GROSS only. */
  grossPremium: string | null;
}

type LimitSet = { deathDisability: string; medical: string; property: string };

/** As POST /rating/ctpl answers. */
export interface CtplQuoteResult {
  category: string;
  basePremium: string;
  floatFactor: 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6' | null;
  floatRate: string;
  premium: string;
  limits: { atFault: LimitSet; notAtFault: LimitSet };
}

/** As POST /rating/commercial answers. */
export interface CommercialQuoteResult {
  referenceVersion: string;
  sampleRates: boolean;
  ncdLevel: number;
  ncdCoefficient: string;
  pricingCoefficient: string;
  violationCoefficient: string;
  lines: { code: string; name: string; basis: string; basePremium: string; factors: { code: 'NCD' | 'PRICING' | 'VIOLATION'; value: string; why: string }[]; premium: string }[];
  premium: string;
}

export interface FixedQuoteResult {
  sumAssured: string;
  rate: string;
  computed: string;
  minPremium: string;
}

export interface ProductQuote {
  version: { id: string; productId: string; productCode: string; productName: string; line: ProductLine; versionNo: number; effectiveFrom: string; effectiveTo: string | null; filingNo: string | null; riskLevel: RiskLevel };
  ratingMethod: RatingMethod;
  /** Business date the quote was judged on (Asia/Shanghai). */
  quoteDate: string;
  /** The premium to pay (per payment for regular premiums), yuan. */
  premium: string;
  /** The derivation, step by step, in the caller's language. */
  explanation: string[];
  coolingOffDays: number | null;
  /** The engine's own answer, exactly as its endpoint gives it. */
  ctpl?: CtplQuoteResult;
  commercial?: CommercialQuoteResult;
  life?: LifeQuoteResult;
  fixed?: FixedQuoteResult;
}

export interface RatingReference {
  lifeTables: { code: string; name: string; minAge: number; maxAge: number }[];
  commercialCoverages: { code: string; name: string; basis: string }[];
}
