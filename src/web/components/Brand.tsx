import { theme } from 'antd';
import { useT } from '../app/i18n';

/** The 保 logo mark and product name. */
export function Brand({ collapsed = false, light = false }: { collapsed?: boolean; light?: boolean }) {
  const t = useT();
  const { token } = theme.useToken();
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 10, overflow: 'hidden', whiteSpace: 'nowrap' }}>
      <span
        aria-hidden
        style={{
          width: 32,
          height: 32,
          flex: 'none',
          borderRadius: 6,
          background: token.colorPrimary,
          color: '#fff',
          display: 'inline-flex',
          alignItems: 'center',
          justifyContent: 'center',
          fontWeight: 700,
          fontSize: 18,
        }}
      >
        保
      </span>
      {!collapsed && (
        <span style={{ color: light ? token.colorText : '#fff', lineHeight: 1.2 }}>
          <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: 2 }}>{t('app.name')}</span>
          <span style={{ display: 'block', fontSize: 11, opacity: 0.65 }}>{t('app.tagline')}</span>
        </span>
      )}
    </div>
  );
}
