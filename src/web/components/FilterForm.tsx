import type { CSSProperties, ReactNode } from 'react';
import { Button, Form, type FormInstance } from 'antd';
import { useT } from '../app/i18n';

/**
 * A list page's filter row, ended by 重置. Selects and dates apply as soon as they change; the
 * search box (field `q`) applies on Enter or its button, not on every keystroke.
 */
export function FilterForm<V extends object>({
  form,
  name,
  onApply,
  initialValues,
  style,
  children,
}: {
  form: FormInstance<V>;
  name: string;
  onApply: () => void;
  initialValues?: Partial<V>;
  style?: CSSProperties;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Form<V>
      form={form}
      name={name}
      layout="inline"
      initialValues={initialValues}
      onFinish={onApply}
      onValuesChange={(changed) => {
        if (!('q' in changed)) onApply();
      }}
      style={{ rowGap: 8, ...style }}
    >
      {children}
      <Form.Item>
        <Button
          onClick={() => {
            form.resetFields();
            onApply();
          }}
        >
          {t('common.reset')}
        </Button>
      </Form.Item>
    </Form>
  );
}
