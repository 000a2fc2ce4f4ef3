import { Typography, theme } from 'antd';

/** Pretty-printed JSON (audit before/after), or a dash when empty. */
export function JsonBlock({ title, value }: { title: string; value: unknown }) {
  const { token } = theme.useToken();
  const empty = value === null || value === undefined;
  return (
    <div style={{ flex: 1, minWidth: 240 }}>
      <Typography.Text strong>{title}</Typography.Text>
      <pre
        style={{
          margin: '4px 0 0',
          padding: 8,
          maxHeight: 320,
          overflow: 'auto',
          fontSize: 12,
          background: token.colorFillTertiary,
          borderRadius: token.borderRadius,
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
        }}
      >
        {empty ? '—' : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}
