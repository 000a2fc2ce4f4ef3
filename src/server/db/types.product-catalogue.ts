// Table shapes of the product catalogue (migration 0006_product_catalogue).
import type { Timestamp, Json } from './types';

export interface ProductTable {
  id: string;
  code: string;
  name: string;
  line: string;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductVersionTable {
  id: string;
  product_id: string;
  version_no: number;
  status: 'DRAFT' | 'APPROVED' | 'RETIRED';
  /** Business dates 'YYYY-MM-DD' (Asia/Shanghai), both inclusive; null = open-ended. */
  effective_from: string;
  effective_to: string | null;
  /** The ProductDefinition document (src/contracts/product.ts), validated by catalogue.rules.ts. */
  definition: Json;
  note: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
  approved_by: string | null;
  approved_at: Timestamp | null;
  retired_by: string | null;
  retired_at: Timestamp | null;
}

export interface ProductCatalogueTables {
  product: ProductTable;
  product_version: ProductVersionTable;
}
