import { describe, expect, it } from 'vitest';
import { mask, maskRecord } from './mask';

describe('masking personal data for display', () => {
  it('keeps the first 3 and last 4 of a resident ID number', () => {
    expect(mask('resident_id', '11010519491231002X')).toBe('110***********002X');
  });
  it('keeps 3 + 4 of a mobile number', () => {
    expect(mask('mobile', '13912345678')).toBe('139****5678');
  });
  it('keeps 6 + 4 of a bank card', () => {
    expect(mask('bank_card', '6222021234567890123')).toBe('622202*********0123');
  });
  it('masks e-mail local parts and Chinese names', () => {
    expect(mask('email', 'zhangsan@example.com')).toBe('z***@example.com');
    expect(mask('name', '张三')).toBe('张*');
    expect(mask('name', '欧阳娜娜')).toBe('欧***');
  });
  it('leaves empty values empty and never reveals short values', () => {
    expect(mask('mobile', null)).toBeNull();
    expect(mask('mobile', '')).toBe('');
    expect(mask('bank_card', '1234')).toBe('****');
  });
  it('masks the listed fields of a record only', () => {
    expect(maskRecord({ mobile: '13912345678', name: '张三' }, { mobile: 'mobile' })).toEqual({ mobile: '139****5678', name: '张三' });
  });
});
