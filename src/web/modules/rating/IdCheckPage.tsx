import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Space } from 'antd';
import { useT } from '../../app/i18n';
import { useIdCheck, type IdCheckKind, type IdCheckResult, type UsccCheckResult } from './queries';

interface IdFormValues {
  kind: IdCheckKind;
  value: string;
}

/** 证件校验: resident ID (with birth date, sex, province) or USCC; the verdict in plain Chinese. */
export default function IdCheckPage() {
  const t = useT();
  const [form] = Form.useForm<IdFormValues>();
  const check = useIdCheck();
  const [checkedKind, setCheckedKind] = useState<IdCheckKind>('RESIDENT_ID');
  const result: IdCheckResult | UsccCheckResult | undefined = check.data;

  return (
    <Card title={t('nav.idCheck')} size="small" style={{ maxWidth: 720 }}>
      <Form<IdFormValues>
        form={form}
        name="idcheck"
        layout="vertical"
        initialValues={{ kind: 'RESIDENT_ID' }}
        autoComplete="off"
        onFinish={(values) => {
          setCheckedKind(values.kind);
          check.mutate({ kind: values.kind, value: values.value.trim() });
        }}
      >
        <Form.Item name="kind" label={t('idcheck.kind')}>
          <Radio.Group
            optionType="button"
            options={(['RESIDENT_ID', 'USCC'] as const).map((k) => ({ value: k, label: t(`idcheck.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('idcheck.number')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="value" noStyle rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('idcheck.number') }) }]}>
              <Input autoFocus allowClear maxLength={32} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={check.isPending}>
              {t('idcheck.check')}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
      {result && (
        <div data-testid="idcheck-result">
          {result.valid ? (
            <Alert type="success" showIcon title={t('idcheck.valid')} style={{ marginBottom: 16 }} />
          ) : (
            <Alert type="error" showIcon title={`${t('idcheck.invalid')}：${t(`idcheck.reason.${result.reason}`)}`} />
          )}
          {result.valid && checkedKind === 'RESIDENT_ID' && 'birthDate' in result && (
            <Descriptions bordered size="small" column={1}>
              <Descriptions.Item label={t('idcheck.normalized')}>{result.normalized}</Descriptions.Item>
              <Descriptions.Item label={t('idcheck.birthDate')}>{result.birthDate}</Descriptions.Item>
              <Descriptions.Item label={t('idcheck.sex')}>{t(`idcheck.sex.${result.sex}`)}</Descriptions.Item>
              <Descriptions.Item label={t('idcheck.province')}>{result.province}</Descriptions.Item>
            </Descriptions>
          )}
        </div>
      )}
    </Card>
  );
}
