import { Button, Tooltip } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n } from '../app/i18n';

/** Toggles 中文 / English; the choice is kept in localStorage. */
export function LangSwitch({ dark = false }: { dark?: boolean }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Tooltip title={t('lang.switchTitle')}>
      <Button
        type="text"
        icon={<GlobalOutlined />}
        style={dark ? { color: 'rgba(255,255,255,0.85)' } : undefined}
        onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
        data-testid="lang-switch"
      >
        {t('lang.switch')}
      </Button>
    </Tooltip>
  );
}
