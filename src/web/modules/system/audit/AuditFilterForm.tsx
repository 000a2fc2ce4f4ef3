import { Button, DatePicker, Form, Input, Select, Space, type GetProps } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { AUDIT_ACTIONS } from '../../../../contracts/system';
import { useI18n } from '../../../app/i18n';
import { shanghaiWallTimeToIso } from '../../../app/format';
import type { AuditFilters } from '../queries';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];

interface FormValues extends Omit<AuditFilters, 'from' | 'to'> {
  range?: RangeValue;
}

type PickedTime = NonNullable<RangeValue>[number];

/** The picker shows Beijing wall time; send it as such whatever the browser's zone is. */
function toIso(value: PickedTime | undefined): string | undefined {
  return value ? shanghaiWallTimeToIso(value.format('YYYY-MM-DDTHH:mm:ss')) : undefined;
}

function trimmed(value: string | undefined): string | undefined {
  return value?.trim() || undefined;
}

/** 时间范围, 用户名, 操作, 对象类型, 对象ID, 结果. */
export function AuditFilterForm({ onChange }: { onChange: (filters: AuditFilters) => void }) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const onFinish = ({ range, username, action, objectType, objectId, outcome }: FormValues) =>
    onChange({
      from: toIso(range?.[0]),
      to: toIso(range?.[1]),
      username: trimmed(username),
      action: trimmed(action),
      objectType: trimmed(objectType),
      objectId: trimmed(objectId),
      outcome,
    });
  return (
    <Form<FormValues> form={form} name="auditFilters" layout="inline" onFinish={onFinish} style={{ rowGap: 8 }}>
      <Form.Item name="range" label={t('audit.timeRange')}>
        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} />
      </Form.Item>
      <Form.Item name="username" label={t('audit.username')}>
        <Input allowClear style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="action" label={t('audit.action')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('common.all')}
          style={{ width: 180 }}
          options={Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label: pick(label) }))}
        />
      </Form.Item>
      <Form.Item name="objectType" label={t('audit.objectType')}>
        <Input allowClear style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="objectId" label={t('audit.objectId')}>
        <Input allowClear style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="outcome" label={t('audit.outcome')}>
        <Select
          allowClear
          placeholder={t('common.all')}
          style={{ width: 110 }}
          options={(['SUCCESS', 'FAILURE', 'DENIED'] as const).map((value) => ({ value, label: t(`audit.outcome.${value}`) }))}
        />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              form.submit();
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
