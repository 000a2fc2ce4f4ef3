// Shapes shared by the server and the web app for the party (customer) API (/api/v1/parties).
// Types and constants only — no logic. The server's TypeBox schemas must match these.
// Full HTTP reference: docs/api-party.md.

import type { Page } from './system';

type Label = { zh: string; en: string };

export const PERSON_ID_TYPES = {
  RESIDENT_ID: { zh: '居民身份证', en: 'Resident ID card' },
  HMT_RESIDENCE_PERMIT: { zh: '港澳台居民居住证', en: 'HK/Macao/Taiwan residence permit' },
  PASSPORT: { zh: '护照', en: 'Passport' },
  HK_MACAO_PASS: { zh: '港澳居民来往内地通行证', en: 'HK/Macao home-return permit' },
  TAIWAN_PASS: { zh: '台湾居民来往大陆通行证', en: 'Taiwan compatriot permit' },
  FOREIGN_PERMANENT_ID: { zh: '外国人永久居留身份证', en: 'Foreigner permanent residence ID' },
  OTHER: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Label>;
export type PersonIdType = keyof typeof PERSON_ID_TYPES;

export const SEXES = { M: { zh: '男', en: 'Male' }, F: { zh: '女', en: 'Female' } } as const satisfies Record<string, Label>;
export type Sex = keyof typeof SEXES;

export const ORGANIZATION_TYPES = {
  ENTERPRISE: { zh: '企业', en: 'Enterprise' },
  INDIVIDUAL_BUSINESS: { zh: '个体工商户', en: 'Individual business' },
  PUBLIC_INSTITUTION: { zh: '事业单位', en: 'Public institution' },
  GOVERNMENT: { zh: '机关', en: 'Government body' },
  SOCIAL_ORGANIZATION: { zh: '社会团体', en: 'Social organization' },
  OTHER: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Label>;
export type OrganizationType = keyof typeof ORGANIZATION_TYPES;

export const ADDRESS_TYPES = {
  HOME: { zh: '家庭住址', en: 'Home' },
  WORK: { zh: '工作地址', en: 'Work' },
  MAIL: { zh: '通讯地址', en: 'Mailing' },
  REGISTERED: { zh: '注册地址', en: 'Registered' },
} as const satisfies Record<string, Label>;
export type AddressType = keyof typeof ADDRESS_TYPES;

/**
 * Relationship types, each read both ways: `from` is what party A is to party B, `to` what B is
 * to A. Symmetric ones (spouse) read the same both ways.
 */
export const RELATIONSHIP_TYPES = {
  SPOUSE: { zh: '配偶', en: 'Spouse', inverse: { zh: '配偶', en: 'Spouse' } },
  PARENT_OF: { zh: '父母', en: 'Parent', inverse: { zh: '子女', en: 'Child' } },
  EMPLOYER_OF: { zh: '雇主', en: 'Employer', inverse: { zh: '雇员', en: 'Employee' } },
  GUARDIAN_OF: { zh: '监护人', en: 'Guardian', inverse: { zh: '被监护人', en: 'Ward' } },
  BENEFICIARY_OF: { zh: '指定受益人', en: 'Designated beneficiary', inverse: { zh: '指定受益人的被保险人', en: 'Designating insured' } },
  AGENT_OF: { zh: '代理人', en: 'Agent', inverse: { zh: '被代理人', en: 'Principal' } },
} as const satisfies Record<string, Label & { inverse: Label }>;
export type RelationshipType = keyof typeof RELATIONSHIP_TYPES;

export type PartyKind = 'PERSON' | 'ORGANIZATION';

export interface Address {
  type: AddressType;
  /** Free text in Chinese order: 省 市 区 详细地址. */
  detail: string;
  postcode?: string | null;
}

export interface BankAccountInput {
  bankName: string;
  accountName: string;
  /** Bank card / account number; cards (16–19 digits) must pass Luhn. */
  accountNumber: string;
}
export interface BankAccount {
  bankName: string;
  accountName: string;
  /** Masked 6 + 4 in every answer; reveal with field `bankAccount` and `index`. */
  accountNumberMasked: string;
}

export interface PersonInput {
  name: string;
  idType: PersonIdType;
  idNumber: string;
  /** Derived from a resident ID (and must agree if given); required for other ID types. */
  sex?: Sex;
  birthDate?: string;
  /** ISO 3166-1 alpha-3, default CHN. */
  nationality?: string;
  mobile?: string | null;
  email?: string | null;
  addresses?: Address[];
  occupationCode?: string | null;
  occupationName?: string | null;
  /** 职业类别 1–6 (1 lowest risk). */
  occupationClass?: number | null;
  bankAccounts?: BankAccountInput[];
  remark?: string | null;
}

export interface OrganizationInput {
  name: string;
  uscc: string;
  orgType?: OrganizationType;
  industry?: string | null;
  legalRepresentative?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  email?: string | null;
  addresses?: Address[];
  bankAccounts?: BankAccountInput[];
  remark?: string | null;
}

/** One row of the customer list: personal data masked. */
export interface PartyListItem {
  id: string;
  /** Customer number, e.g. C000000123. */
  partyNo: string;
  kind: PartyKind;
  name: string;
  /** PERSON: the ID type; ORGANIZATION: 'USCC'. */
  idType: PersonIdType | 'USCC';
  /** Resident ID masked 3 + 4; a credit code is not personal data and is shown whole. */
  idNumberMasked: string;
  sex: Sex | null;
  birthDate: string | null;
  mobileMasked: string | null;
  orgId: string;
  orgName: string;
  createdAt: string;
}

export type PartyPage = Page<PartyListItem>;

export interface PartyRelationship {
  id: string;
  type: RelationshipType;
  /** How the other party stands to this one, in words (already turned for direction). */
  direction: 'FROM' | 'TO';
  otherParty: { id: string; partyNo: string; kind: PartyKind; name: string };
  startDate: string | null;
  endDate: string | null;
  remark: string | null;
}

export interface PersonDetail {
  id: string;
  partyNo: string;
  kind: 'PERSON';
  name: string;
  idType: PersonIdType;
  idNumberMasked: string;
  sex: Sex;
  birthDate: string;
  nationality: string;
  mobileMasked: string | null;
  email: string | null;
  addresses: Address[];
  occupationCode: string | null;
  occupationName: string | null;
  occupationClass: number | null;
  bankAccounts: BankAccount[];
  remark: string | null;
  orgId: string;
  orgName: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic lock: send it back on PATCH; a stale one answers 409 PARTY_STALE. */
  version: number;
}

export interface OrganizationDetail {
  id: string;
  partyNo: string;
  kind: 'ORGANIZATION';
  name: string;
  uscc: string;
  orgType: OrganizationType;
  industry: string | null;
  legalRepresentative: string | null;
  contactName: string | null;
  contactPhoneMasked: string | null;
  email: string | null;
  addresses: Address[];
  bankAccounts: BankAccount[];
  remark: string | null;
  orgId: string;
  orgName: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type PartyDetail = PersonDetail | OrganizationDetail;

export type RevealField = 'idNumber' | 'mobile' | 'contactPhone' | 'bankAccount';

export interface RelationshipInput {
  type: RelationshipType;
  /** This party is the `from` side (e.g. PARENT_OF: this party is the parent of toPartyId). */
  toPartyId: string;
  startDate?: string | null;
  endDate?: string | null;
  remark?: string | null;
}

/** Result of POST /parties/import (dry run or commit). */
export interface PartyImportResult {
  /** True when nothing was written (dryRun, or errors without acceptPartial). */
  dryRun: boolean;
  totalRows: number;
  validRows: number;
  errorRows: number;
  created: number;
  /** Per-row problems (first 200); the full list is in the downloadable report. */
  errors: { /** Worksheet (个人客户 / 单位客户). */ sheet?: string; row: number; field: string; code: string; message: string }[];
  /** GET /parties/import/reports/:reportId → .xlsx with every row and its problems. */
  reportId: string | null;
}
