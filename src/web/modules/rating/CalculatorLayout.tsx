import type { ReactNode } from 'react';
import { Button, Card, Col, Empty, Row } from 'antd';
import { CalculatorOutlined } from '@ant-design/icons';
import { useT } from '../../app/i18n';

/** The frame every quote calculator shares: the form on the left with 试算, the derivation on the right. */
export function CalculatorLayout({ title, pending, form, result }: { title: string; pending: boolean; form: (submit: ReactNode) => ReactNode; result: ReactNode | null }) {
  const t = useT();
  const submit = (
    <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={pending} block>
      {t('rating.quote')}
    </Button>
  );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card title={title} size="small">
          {form(submit)}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('rating.result')} size="small">
          {result ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rating.resultEmpty')} />}
        </Card>
      </Col>
    </Row>
  );
}
