import { useState } from 'react';
import { Button, Space } from 'antd';
import { useT } from '../../../app/i18n';
import { useRevealUserField } from '../queries';

/** A masked mobile/email with a 显示 link (POST /users/:id/reveal, audited) for holders of pii:reveal. */
export function RevealableText({ userId, field, masked, canReveal }: {
  userId: string;
  field: 'mobile' | 'email';
  masked: string | null;
  canReveal: boolean;
}) {
  const t = useT();
  const reveal = useRevealUserField();
  const [value, setValue] = useState<string | null>(null);
  if (!masked) return <span>—</span>;
  if (value !== null) return <span data-testid={`revealed-${field}`}>{value}</span>;
  return (
    <Space size={4}>
      <span>{masked}</span>
      {canReveal && (
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          loading={reveal.isPending}
          onClick={() => reveal.mutate({ id: userId, field }, { onSuccess: (answer) => setValue(answer.value) })}
        >
          {t('user.reveal')}
        </Button>
      )}
    </Space>
  );
}
