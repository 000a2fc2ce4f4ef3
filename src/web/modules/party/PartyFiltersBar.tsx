import { Checkbox, DatePicker, Form, Input, Select, type GetProps } from 'antd';
import { PERSON_ID_TYPES } from '../../../contracts/party';
import { useI18n } from '../../app/i18n';
import { FilterForm } from '../../components/FilterForm';
import { usePermission } from '../../app/session';
import { OrgTreeSelect } from '../system/components/OrgTreeSelect';
import type { PartyFilters } from './queries';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];

interface FilterValues extends Omit<PartyFilters, 'sort' | 'createdFrom' | 'createdTo'> {
  created?: RangeValue;
}

export type PartyFilterValues = Omit<PartyFilters, 'sort'>;

/**
 * One search box (姓名或拼音首字母 / 证件号码 / 手机号, applied on Enter) and the filters
 * 类型, 证件类型, 机构 (含下级), 创建日期 (applied at once).
 */
export function PartyFiltersBar({ onChange }: { onChange: (filters: PartyFilterValues) => void }) {
  const { t, pick } = useI18n();
  const can = usePermission();
  const [form] = Form.useForm<FilterValues>();
  const apply = () => {
    const { created, q, ...values } = form.getFieldsValue();
    onChange({
      ...values,
      q: q?.trim() || undefined,
      createdFrom: created?.[0]?.format('YYYY-MM-DD'),
      createdTo: created?.[1]?.format('YYYY-MM-DD'),
    });
  };
  return (
    <FilterForm<FilterValues> form={form} name="partyFilters" initialValues={{ subOrgs: true }} onApply={apply}>
      <Form.Item name="q" label={t('common.search')}>
        <Input.Search maxLength={64} placeholder={t('party.searchPlaceholder')} allowClear onSearch={apply} style={{ width: 340 }} autoFocus enterButton />
      </Form.Item>
      <Form.Item name="kind" label={t('party.kind')}>
        <Select
          allowClear
          placeholder={t('common.all')}
          style={{ width: 110 }}
          options={[
            { value: 'PERSON', label: t('party.kind.PERSON') },
            { value: 'ORGANIZATION', label: t('party.kind.ORGANIZATION') },
          ]}
        />
      </Form.Item>
      <Form.Item name="idType" label={t('party.idType')}>
        <Select
          allowClear
          placeholder={t('common.all')}
          style={{ width: 200 }}
          popupMatchSelectWidth={false}
          options={[
            ...Object.entries(PERSON_ID_TYPES).map(([value, label]) => ({ value, label: pick(label) })),
            { value: 'USCC', label: t('party.uscc') },
          ]}
        />
      </Form.Item>
      {can('org:read') && (
        <>
          <Form.Item name="orgId" label={t('party.org')} style={{ marginInlineEnd: 8 }}>
            <OrgTreeSelect style={{ width: 200 }} placeholder={t('common.all')} />
          </Form.Item>
          <Form.Item name="subOrgs" valuePropName="checked">
            <Checkbox>{t('party.subOrgs')}</Checkbox>
          </Form.Item>
        </>
      )}
      <Form.Item name="created" label={t('party.createdRange')}>
        <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
      </Form.Item>
    </FilterForm>
  );
}
