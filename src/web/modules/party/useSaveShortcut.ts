import { useEffect } from 'react';
import type { FormInstance } from 'antd';

/** Ctrl+S (⌘S) or Ctrl+Enter anywhere on the page submits `form`: clerks save without the mouse. */
export function useSaveShortcut(form: FormInstance, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey)) return;
      if (event.key === 's' || event.key === 'S' || event.key === 'Enter') {
        event.preventDefault();
        form.submit();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [form, enabled]);
}
