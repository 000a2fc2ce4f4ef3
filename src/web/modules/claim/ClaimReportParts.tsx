import { Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { CLAIM_PARTY_ROLES, type ClaimPartyInput } from '../../../contracts/claim';
import type { ProductLine } from '../../../contracts/product';
import { formatDateTime, shanghaiWallTimeToIso } from '../../app/format';
import { useI18n, useT } from '../../app/i18n';
import { normalizeDate, normalizeIdText } from '../party/validation';

// Form parts shared by 报案登记 and the detail page's 修改报案信息: the loss time typed from the
// keyboard, 有责/无责 with the share, and the third parties/injured persons as an editable list.

/** Motor lines carry liability (有责/无责, 责任比例). */
export const isMotorLine = (line: ProductLine) => line === 'CTPL' || line === 'COMMERCIAL_MOTOR';

/** Now in Beijing time as the loss-time field shows it: `YYYY-MM-DD HH:mm`. */
export const nowLossTime = () => formatDateTime(new Date().toISOString()).slice(0, 16);

/**
 * A loss time typed as `2026-11-24 09:30`, `20261124 0930` or `2026/11/24 9:30` → the ISO instant
 * (Beijing time); null when it is not a real date and time.
 */
export function parseLossTime(text: string | undefined): string | null {
  const m = /^(\S+)(?:\s+|T)(\d{1,2}):?(\d{2})$/.exec(text?.trim() ?? '');
  const date = m ? normalizeDate(m[1]) : undefined;
  if (!m || !date || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return shanghaiWallTimeToIso(`${date}T${m[2].padStart(2, '0')}:${m[3]}:00`);
}

/** The Shanghai business date of a typed loss time (for the policy search), undefined when unparsed. */
export const lossDateOf = (text: string | undefined) => {
  const iso = parseLossTime(text);
  return iso ? iso.slice(0, 10) : undefined;
};

export function useLossTimeRules() {
  const t = useT();
  return [
    { required: true, message: t('common.required', { field: t('claim.lossAt') }) },
    {
      validator: async (_: unknown, value: string | undefined) => {
        if (value?.trim() && !parseLossTime(value)) throw new Error(t('claim.lossAtInvalid'));
      },
    },
  ];
}

/** 有责/无责 and the share of liability (0–100 %), shown for motor claims. */
export function LiabilityFields() {
  const t = useT();
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item label={t('claim.atFault')} name="atFault">
          <Radio.Group
            options={[
              { value: true, label: t('claim.atFault.yes') },
              { value: false, label: t('claim.atFault.no') },
            ]}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item noStyle dependencies={['atFault']}>
          {({ getFieldValue }) =>
            getFieldValue('atFault') === true && (
              <Form.Item label={t('claim.liabilityShare')} name="liabilityShare" extra={t('claim.liabilityShareHint')} rules={[{ required: true, message: t('common.required', { field: t('claim.liabilityShare') }) }]}>
                <InputNumber<string> stringMode min="0" max="100" precision={0} style={{ width: 160 }} suffix="%" />
              </Form.Item>
            )
          }
        </Form.Item>
      </Col>
    </Row>
  );
}

export interface PartyValues {
  role: ClaimPartyInput['role'];
  name: string;
  idNumber?: string;
  phone?: string;
  plateNo?: string;
  note?: string;
}

/** The list as the API takes it: trimmed, empty optional fields left out. */
export const partiesInput = (rows: PartyValues[] | undefined): ClaimPartyInput[] =>
  (rows ?? []).map((p) => ({
    role: p.role,
    name: p.name.trim(),
    idNumber: normalizeIdText(p.idNumber) || null,
    phone: p.phone?.trim() || null,
    plateNo: p.plateNo?.trim().toUpperCase() || null,
    note: p.note?.trim() || null,
  }));

/**
 * 三者/伤者/驾驶员/证人 rows (Form.List `parties`). Server problems name rows by index
 * ('parties.1.phone'), as antd names them. `hint` explains what editing keeps (detail page).
 */
export function PartiesList({ hint }: { hint?: string }) {
  const { t, pick } = useI18n();
  return (
    <Form.List name="parties">
      {(fields, { add, remove }) => (
        <Card
          size="small"
          title={t('claim.parties')}
          style={{ marginBottom: 16 }}
          extra={
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({ role: 'THIRD_PARTY' })}>
              {t('claim.addParty')}
            </Button>
          }
        >
          {fields.length === 0 && <Typography.Text type="secondary">{t('claim.noParties')}</Typography.Text>}
          {hint && fields.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {hint}
            </Typography.Paragraph>
          )}
          {fields.map((field, index) => (
            <Row key={field.key} gutter={8} align="top" data-testid={`party-row-${index}`}>
              <Col xs={12} md={3}>
                <Form.Item label={index === 0 ? t('claim.party.role') : undefined} name={[field.name, 'role']} rules={[{ required: true, message: t('common.required', { field: t('claim.party.role') }) }]}>
                  <Select aria-label={t('claim.party.role')} options={Object.entries(CLAIM_PARTY_ROLES).map(([value, label]) => ({ value, label: pick(label) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item label={index === 0 ? t('claim.party.name') : undefined} name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('claim.party.name') }) }]}>
                  <Input aria-label={t('claim.party.name')} maxLength={50} />
                </Form.Item>
              </Col>
              <Col xs={12} md={5}>
                <Form.Item label={index === 0 ? t('claim.party.idNumber') : undefined} name={[field.name, 'idNumber']}>
                  <Input aria-label={t('claim.party.idNumber')} maxLength={30} style={{ fontFamily: 'monospace' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={3}>
                <Form.Item label={index === 0 ? t('claim.party.phone') : undefined} name={[field.name, 'phone']}>
                  <Input aria-label={t('claim.party.phone')} maxLength={20} inputMode="tel" />
                </Form.Item>
              </Col>
              <Col xs={12} md={3}>
                <Form.Item label={index === 0 ? t('claim.party.plateNo') : undefined} name={[field.name, 'plateNo']}>
                  <Input aria-label={t('claim.party.plateNo')} maxLength={16} />
                </Form.Item>
              </Col>
              <Col xs={10} md={5}>
                <Form.Item label={index === 0 ? t('claim.party.note') : undefined} name={[field.name, 'note']}>
                  <Input aria-label={t('claim.party.note')} maxLength={200} />
                </Form.Item>
              </Col>
              <Col xs={2} md={1}>
                <Button aria-label={t('claim.removeParty', { n: index + 1 })} icon={<DeleteOutlined />} style={index === 0 ? { marginTop: 30 } : undefined} onClick={() => remove(field.name)} />
              </Col>
            </Row>
          ))}
        </Card>
      )}
    </Form.List>
  );
}
