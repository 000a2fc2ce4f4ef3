import { useEffect, useRef, type ReactNode } from 'react';
import { Form, Modal, type FormInstance } from 'antd';
import { ApiError } from '../app/api';
import { useT } from '../app/i18n';

/**
 * Puts a server validation error under the field it names (details.field), so the clerk sees what
 * to fix where they type; the notification still shows. Returns whether a field took it.
 */
export function showServerFieldError(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || typeof error.details?.field !== 'string') return false;
  const field = error.details.field;
  // A dotted path ('vehicle.seats') names a nested form item (name={['vehicle', 'seats']}); list
  // rows come as 'bankAccounts.0.accountNumber' or 'coverages[0].limit', and antd matches rows by
  // number, not by the string '0'.
  const parts = field.replace(/\[(\d+)\]/g, '.$1').split('.');
  const name = parts.length === 1 ? field : parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  if (!hasPath(form.getFieldsValue(true), name) && !hasPath(form.getFieldsValue(), name)) return false;
  form.setFields([{ name, errors: [error.message] }]);
  form.scrollToField(name);
  return true;
}

/** Whether `values` holds the key `name` (a key, or a key path), even with an undefined value. */
function hasPath(values: unknown, name: string | (string | number)[]): boolean {
  let node = values;
  for (const key of typeof name === 'string' ? [name] : name) {
    if (typeof node !== 'object' || node === null || !(key in node)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}

export interface FormModalProps<V> {
  open: boolean;
  title: ReactNode;
  /** Form name: prefixes input ids so several forms can share a page. */
  name: string;
  initialValues?: Partial<V>;
  confirmLoading?: boolean;
  okText?: ReactNode;
  width?: number;
  onCancel: () => void;
  onSubmit: (values: V, form: FormInstance<V>) => void;
  children: ReactNode;
}

/**
 * A Modal holding one vertical antd Form: 确定 validates and submits; Enter in a field submits too.
 * Each opening starts from the `initialValues` of that opening: the Form owns its store and is
 * destroyed when the modal hides, so a reopened modal never shows what an earlier opening held.
 * (A store from Form.useForm() here would outlive the Form, and a remounted Form keeps a store's
 * values over its initialValues.)
 */
export function FormModal<V extends object>({
  open,
  title,
  name,
  initialValues,
  confirmLoading,
  okText,
  width = 560,
  onCancel,
  onSubmit,
  children,
}: FormModalProps<V>) {
  const t = useT();
  const formRef = useRef<FormInstance<V>>(null);
  useEffect(() => {
    // Reopened before the closing animation destroyed the form: start over all the same.
    if (open) formRef.current?.resetFields();
  }, [open]);
  return (
    <Modal
      open={open}
      title={title}
      width={width}
      okText={okText ?? t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={confirmLoading}
      onOk={() => formRef.current?.submit()}
      onCancel={onCancel}
      destroyOnHidden
      forceRender={false}
    >
      <Form<V>
        ref={formRef}
        name={name}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => formRef.current && onSubmit(values, formRef.current)}
        autoComplete="off"
        style={{ marginTop: 16 }}
      >
        {children}
        {/* Lets Enter in any field submit the form. */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
