// Table shapes of the party module (migration 0005_parties).
import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from './types';

/** A bank account as stored: the number encrypted (base64 of the PII ciphertext) and masked. */
export interface StoredBankAccount {
  bankName: string;
  accountName: string;
  numberEnc: string;
  numberMasked: string;
}

export interface StoredAddress {
  type: string;
  detail: string;
  postcode?: string | null;
}

export interface PartyTable {
  id: string;
  party_no: Generated<string>;
  kind: 'PERSON' | 'ORGANIZATION';
  name: string;
  name_grams: string[];
  name_initials: string;
  id_type: string;
  id_hash: Buffer;
  id_search_hash: Buffer;
  id_number_enc: Buffer | null;
  id_number_masked: string;
  uscc: string | null;
  sex: string | null;
  birth_date: string | null;
  nationality: string | null;
  phone_enc: Buffer | null;
  phone_hash: Buffer | null;
  phone_masked: string | null;
  email: string | null;
  occupation_code: string | null;
  occupation_name: string | null;
  occupation_class: number | null;
  org_type: string | null;
  industry: string | null;
  legal_representative: string | null;
  contact_name: string | null;
  addresses: Json<StoredAddress[]>;
  bank_accounts: Json<StoredBankAccount[]>;
  remark: string | null;
  org_id: string;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface PartyRelationshipTable {
  id: string;
  type: string;
  from_party_id: string;
  to_party_id: string;
  start_date: string | null;
  end_date: string | null;
  remark: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PartyImportReportTable {
  id: string;
  user_id: string;
  file_name: string;
  content: ColumnType<Buffer, Buffer, never>;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** Maintained by triggers from party.name_grams: never written by the app. */
export interface PartyNameKeyTable {
  gram: string;
  party_id: string;
  kind: string;
  org_id: string;
  created_at: Timestamp;
}

export interface PartyTables {
  party: PartyTable;
  party_name_key: PartyNameKeyTable;
  party_relationship: PartyRelationshipTable;
  party_import_report: PartyImportReportTable;
}
