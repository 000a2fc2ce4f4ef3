import type { FormInstance } from 'antd';
import { ApiError } from '../../app/api';

/**
 * Puts a server 422 under the field it names: `definition.coverages.1.limit` → name
 * ['definition', 'coverages', 1, 'limit'] (antd matches list rows by number). The notification
 * still shows, so a field the form does not show loses nothing.
 */
export function showProductFieldError(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || typeof error.details?.field !== 'string') return false;
  const name = error.details.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  form.setFields([{ name, errors: [error.message] }]);
  form.scrollToField(name);
  return true;
}
