import { useState } from 'react';
import { Button, Space, Tag, Tooltip } from 'antd';
import { AuditOutlined, EyeOutlined } from '@ant-design/icons';
import type { RevealField } from '../../../contracts/party';
import { useT } from '../../app/i18n';
import { useRevealPartyField } from './queries';

/**
 * A masked value with a 显示 button for holders of pii:reveal. Revealing calls
 * POST /parties/:id/reveal, which is written to the audit log — the button and the revealed value
 * both say so.
 */
export function RevealValue({ partyId, field, index, masked, canReveal, testId }: {
  partyId: string;
  field: RevealField;
  index?: number;
  masked: string | null;
  canReveal: boolean;
  testId: string;
}) {
  const t = useT();
  const reveal = useRevealPartyField();
  const [value, setValue] = useState<string | null>(null);
  if (!masked) return <span>—</span>;
  const mono = { fontFamily: 'monospace' };
  if (value !== null) {
    return (
      <Space size={6}>
        <span data-testid={`${testId}-revealed`} style={mono}>
          {value}
        </span>
        <Tooltip title={t('party.revealAuditedTip')}>
          <Tag icon={<AuditOutlined />} color="orange">
            {t('party.revealAudited')}
          </Tag>
        </Tooltip>
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setValue(null)}>
          {t('party.hide')}
        </Button>
      </Space>
    );
  }
  return (
    <Space size={6}>
      <span data-testid={testId} style={mono}>
        {masked}
      </span>
      {canReveal && (
        <Tooltip title={t('party.revealTip')}>
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            style={{ padding: 0 }}
            loading={reveal.isPending}
            data-testid={`${testId}-reveal`}
            onClick={() => reveal.mutate({ id: partyId, field, index }, { onSuccess: (answer) => setValue(answer.value) })}
          >
            {t('party.reveal')}
          </Button>
        </Tooltip>
      )}
    </Space>
  );
}
