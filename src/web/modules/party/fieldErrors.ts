import type { FormInstance } from 'antd';
import { ApiError } from '../../app/api';
import { showServerFieldError } from '../../components/FormModal';

/**
 * Puts a server 422/409 under the field it names, including rows of repeatable lists:
 * `bankAccounts.0.accountNumber` → name ['bankAccounts', 0, 'accountNumber']. (antd matches list
 * rows by number, so the string '0' that showServerFieldError passes would reach no field.)
 * Returns whether a field took it.
 */
export function showPartyFieldError(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || typeof error.details?.field !== 'string') return false;
  const parts = error.details.field.split('.');
  if (!parts.some((part) => /^\d+$/.test(part))) return showServerFieldError(form, error);
  const name = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  let node: unknown = form.getFieldsValue(true);
  for (const key of name) {
    if (typeof node !== 'object' || node === null || !(key in node)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  form.setFields([{ name, errors: [error.message] }]);
  form.scrollToField(name);
  return true;
}
