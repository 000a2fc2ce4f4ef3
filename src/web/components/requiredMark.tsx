import type { ReactNode } from 'react';

/**
 * The red * of required fields, hidden from assistive technology so a field's accessible name is
 * exactly its label (antd's default CSS asterisk ends up in the name: "* 用户名").
 */
export function renderRequiredMark(label: ReactNode, { required }: { required: boolean }): ReactNode {
  return (
    <>
      {required && (
        <span aria-hidden="true" style={{ color: '#ff4d4f', marginInlineEnd: 4, fontFamily: 'SimSun, sans-serif' }}>
          *
        </span>
      )}
      {label}
    </>
  );
}
