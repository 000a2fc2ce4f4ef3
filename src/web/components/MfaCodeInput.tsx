import { Input, type FormRule, type InputProps } from 'antd';
import type { Translate } from '../app/i18n';

/** A 6-digit TOTP code field (numeric keyboard, one-time-code autofill). */
export function MfaCodeInput(props: InputProps) {
  return <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" placeholder="000000" {...props} />;
}

export function mfaCodeRules(t: Translate): FormRule[] {
  return [
    { required: true, message: t('auth.mfaCodeInvalid') },
    { pattern: /^\d{6}$/, message: t('auth.mfaCodeInvalid') },
  ];
}
