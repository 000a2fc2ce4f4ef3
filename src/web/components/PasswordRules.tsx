import { Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { useT, type MessageKey } from '../app/i18n';

export const PASSWORD_RULES = ['LENGTH', 'CLASSES', 'USERNAME', 'COMMON'] as const;
const ALL_RULES = [...PASSWORD_RULES, 'SAME_AS_OLD'] as const;
type RuleCode = (typeof ALL_RULES)[number];

function isRuleCode(code: string): code is RuleCode {
  return (ALL_RULES as readonly string[]).includes(code);
}

/** The server's rule codes (422 AUTH_PASSWORD_WEAK details.rules) as translation keys; unknown codes dropped. */
export function ruleKeys(rules: unknown): MessageKey[] {
  if (!Array.isArray(rules)) return [];
  return rules.filter((code): code is string => typeof code === 'string' && isRuleCode(code)).map((code) => `auth.rule.${code as RuleCode}` as const);
}

/** The password rules, with the ones the server rejected marked in red. */
export function PasswordRules({ violated = [] }: { violated?: string[] }) {
  const t = useT();
  const shown: RuleCode[] = violated.includes('SAME_AS_OLD') ? [...ALL_RULES] : [...PASSWORD_RULES];
  return (
    <div data-testid="password-rules" style={{ marginBottom: 16 }}>
      <Typography.Text strong>{t('auth.rulesTitle')}</Typography.Text>
      <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
        {shown.map((code) => {
          const bad = violated.includes(code);
          return (
            <li key={code} data-rule={code} data-violated={bad || undefined}>
              <Typography.Text type={bad ? 'danger' : 'secondary'}>
                {bad ? <CloseCircleOutlined /> : <CheckCircleOutlined />} {t(`auth.rule.${code}`)}
              </Typography.Text>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
