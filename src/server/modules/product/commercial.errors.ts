// Constraint names of the 商业车险 reference tables → stable error codes (platform/http/errors).
import { registerConstraint } from '../../platform/http/errors';

registerConstraint('commercial_rate_table_pkey', 'conflict', 'RATE_TABLE_CODE_TAKEN', { zh: '费率表代码已存在', en: 'rate table code already exists' }, 'code');
registerConstraint('commercial_rate_table_effective_from_key', 'conflict', 'RATE_TABLE_DATE_TAKEN', { zh: '该生效日期已有费率表版本', en: 'a rate table already starts on this date' }, 'effectiveFrom');
