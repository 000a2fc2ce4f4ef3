// Ordered migrations. Forward-only in production: add a new file, never edit a shipped one.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
