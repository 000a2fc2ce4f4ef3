// Table shapes of the product catalogue (migration 0006_product_catalogue).
// Import ColumnType/Generated from 'kysely' and Timestamp/Json from './types' as needed.

export interface ProductCatalogueTables {}
