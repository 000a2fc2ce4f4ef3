// The small billing interface policy administration talks to: receivables (应收) and payables (应付)
// with their receipts and payments (实收/实付). Policy code calls only `Billing`; a later billing
// module (fees, invoices, bank files, reconciliation) replaces this implementation and keeps the
// interface, so no policy code changes. Every call runs inside the caller's transaction, so a
// failed business step leaves no money record behind.
import Decimal from 'decimal.js';
import { sql, type Expression, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { BillingItemTable } from '../../db/types.policy';
import { AppError } from '../../platform/errors';
import { registerConstraint } from '../../platform/http/errors';
import { uuidv7 } from '../../platform/ids';
import type { Collection, ReceiptMethod } from '../../../contracts/policy';

export interface NewBillingItem {
  direction: BillingItemTable['direction'];
  sourceType: BillingItemTable['source_type'];
  sourceId: string;
  orgId: string;
  partyId: string | null;
  /** Yuan, > 0, two decimals. */
  amount: string;
  description: string;
  createdBy: string | null;
}

export interface NewReceipt {
  amount: string;
  method: ReceiptMethod;
  reference: string | null;
  receivedOn: string;
  recordedBy: string | null;
}

export interface Billing {
  /** Raises a receivable or payable; returns its id. */
  raise(trx: Transaction<DB>, item: NewBillingItem, at: Date): Promise<string>;
  /**
   * Records money received (or paid out) against an open item, under a row lock. Refuses an amount
   * above what is outstanding (422 BILLING_OVERPAYMENT) and a closed item (409 BILLING_ITEM_CLOSED).
   */
  record(trx: Transaction<DB>, itemId: string, receipt: NewReceipt, at: Date): Promise<Balance>;
  /** Cancels an open item with nothing settled (409 BILLING_ITEM_SETTLED otherwise). */
  cancel(trx: Transaction<DB>, itemId: string, at: Date): Promise<void>;
  /** The item with its receipts; null when there is none. */
  collection(ex: Transaction<DB> | Kysely<DB>, itemId: string): Promise<Collection | null>;
  /** The item's amounts and status without its receipts; null when there is none. */
  balance(ex: Transaction<DB> | Kysely<DB>, itemId: string): Promise<Balance | null>;
  /** The collection as a JSON column of another statement (a whole detail in one round trip); read it with collectionFromJson. */
  collectionJson(itemId: Expression<string | null>): RawBuilder<unknown>;
  collectionFromJson(json: unknown): Collection | null;
}

export type Balance = Omit<Collection, 'receipts'>;

const fen = (v: Decimal.Value) => new Decimal(v).toFixed(2);

registerConstraint('billing_receipt_reference_key', 'conflict', 'BILLING_REFERENCE_USED', { zh: '交易流水号：该流水号已登记过，不能重复登记', en: 'reference: already recorded' }, 'reference');

interface ItemRow {
  id: string;
  amount: string;
  settled_amount: string;
  status: Collection['status'];
}
interface ReceiptRow {
  id: string;
  amount: string;
  method: ReceiptMethod;
  reference: string | null;
  received_on: string;
  recorded_at: Date | string;
  user_id: string | null;
  username: string | null;
  name: string | null;
}

const balanceOf = (item: ItemRow): Balance => ({
  receivableId: item.id,
  amount: fen(item.amount),
  received: fen(item.settled_amount),
  outstanding: fen(new Decimal(item.amount).minus(item.settled_amount)),
  status: item.status,
});

const collectionOf = (item: ItemRow, receipts: ReceiptRow[]): Collection => ({
  ...balanceOf(item),
  receipts: receipts.map((r) => ({
    id: r.id,
    amount: fen(r.amount),
    method: r.method,
    reference: r.reference,
    receivedOn: r.received_on,
    recordedBy: r.user_id ? { id: r.user_id, username: r.username!, name: r.name! } : null,
    recordedAt: new Date(r.recorded_at).toISOString(),
  })),
});

export function createBilling(): Billing {
  async function collection(ex: Transaction<DB> | Kysely<DB>, itemId: string): Promise<Collection | null> {
    const item = await ex.selectFrom('billing_item').select(['id', 'amount', 'settled_amount', 'status']).where('id', '=', itemId).executeTakeFirst();
    if (!item) return null;
    const receipts = await ex
      .selectFrom('billing_receipt as r')
      .leftJoin('app_user as u', 'u.id', 'r.recorded_by')
      .select(['r.id', 'r.amount', 'r.method', 'r.reference', 'r.received_on', 'r.recorded_at', 'u.id as user_id', 'u.username', 'u.name'])
      .where('r.item_id', '=', itemId)
      .orderBy('r.recorded_at')
      .orderBy('r.id')
      .execute();
    return collectionOf(item, receipts);
  }

  return {
    async raise(trx, item, at) {
      const id = uuidv7(at.getTime());
      await trx
        .insertInto('billing_item')
        .values({
          id,
          direction: item.direction,
          source_type: item.sourceType,
          source_id: item.sourceId,
          org_id: item.orgId,
          party_id: item.partyId,
          amount: fen(item.amount),
          status: 'OPEN',
          description: item.description,
          created_by: item.createdBy,
          created_at: at,
          updated_at: at,
        })
        .execute();
      return id;
    },

    async record(trx, itemId, receipt, at) {
      const item = await trx.selectFrom('billing_item').selectAll().where('id', '=', itemId).forUpdate().executeTakeFirst();
      if (!item) throw new AppError('not_found', 'BILLING_ITEM_NOT_FOUND', { zh: '应收应付记录不存在', en: 'no such receivable' });
      if (item.status !== 'OPEN') {
        throw new AppError('conflict', 'BILLING_ITEM_CLOSED', { zh: `该笔${item.direction === 'RECEIVABLE' ? '应收' : '应付'}已${item.status === 'SETTLED' ? '结清' : '作废'}，不能再登记`, en: `the item is ${item.status.toLowerCase()}` }, { status: item.status });
      }
      const outstanding = new Decimal(item.amount).minus(item.settled_amount);
      const amount = new Decimal(receipt.amount);
      if (amount.gt(outstanding)) {
        throw new AppError('unprocessable', 'BILLING_OVERPAYMENT', { zh: `金额：超过未结金额 ${fen(outstanding)} 元`, en: `amount: more than the outstanding ${fen(outstanding)}` }, { field: 'amount', outstanding: fen(outstanding) });
      }
      await trx
        .insertInto('billing_receipt')
        .values({ id: uuidv7(at.getTime()), item_id: itemId, amount: fen(amount), method: receipt.method, reference: receipt.reference, received_on: receipt.receivedOn, recorded_by: receipt.recordedBy, recorded_at: at })
        .execute();
      const settled = new Decimal(item.settled_amount).plus(amount);
      await trx
        .updateTable('billing_item')
        .set({ settled_amount: fen(settled), status: settled.eq(item.amount) ? 'SETTLED' : 'OPEN', updated_at: at })
        .where('id', '=', itemId)
        .execute();
      return balanceOf({ id: itemId, amount: item.amount, settled_amount: fen(settled), status: settled.eq(item.amount) ? 'SETTLED' : 'OPEN' });
    },

    async cancel(trx, itemId, at) {
      const item = await trx.selectFrom('billing_item').select(['status', 'settled_amount']).where('id', '=', itemId).forUpdate().executeTakeFirst();
      if (!item || item.status === 'CANCELLED') return;
      if (!new Decimal(item.settled_amount).isZero()) {
        throw new AppError('conflict', 'BILLING_ITEM_SETTLED', { zh: '已有实收/实付记录，须先退费', en: 'money has been recorded against it; refund first' });
      }
      await trx.updateTable('billing_item').set({ status: 'CANCELLED', updated_at: at }).where('id', '=', itemId).execute();
    },

    collection,

    async balance(ex, itemId) {
      const item = await ex.selectFrom('billing_item').select(['id', 'amount', 'settled_amount', 'status']).where('id', '=', itemId).executeTakeFirst();
      return item ? balanceOf(item) : null;
    },

    collectionJson(itemId) {
      // Amounts as text: jsonb numbers would come back as JavaScript floats.
      return sql`(select jsonb_build_object('item', jsonb_build_object('id', i.id, 'amount', i.amount::text, 'settled_amount', i.settled_amount::text, 'status', i.status),
          'receipts', (select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'amount', r.amount::text, 'method', r.method, 'reference', r.reference, 'received_on', r.received_on::text,
              'recorded_at', r.recorded_at, 'user_id', u.id, 'username', u.username, 'name', u.name) order by r.recorded_at, r.id), '[]'::jsonb)
            from billing_receipt r left join app_user u on u.id = r.recorded_by where r.item_id = i.id))
        from billing_item i where i.id = ${itemId})`;
    },

    collectionFromJson(json) {
      if (!json) return null;
      const { item, receipts } = json as { item: ItemRow; receipts: ReceiptRow[] };
      return collectionOf(item, receipts);
    },
  };
}
