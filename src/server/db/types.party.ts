// Table shapes of the party module (migration 0005_parties).
// Import ColumnType/Generated from 'kysely' and Timestamp/Json from './types' as needed.

export interface PartyTables {}
