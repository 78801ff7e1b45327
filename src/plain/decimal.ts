/**
 * CUE's float arithmetic is decimal (`0.1 + 0.2` is `0.3`). Inexact results are rounded to
 * 34 significant digits, as current CUE does (apd with a 34-digit context).
 */
import { Decimal as DecimalJS } from 'decimal.js';

export const Decimal = DecimalJS.clone({ precision: 34, rounding: DecimalJS.ROUND_HALF_EVEN, toExpNeg: -1e9, toExpPos: 1e9 });
export type Decimal = InstanceType<typeof Decimal>;
