import type { Handler } from '../handler-types';
import { memberGoals, useVoucher } from './vouchers';
import { createPromoCodes, exportPromoBatch, listPromoBatches } from './promo-codes';

/** Goals, vouchers and promo codes (issue 11 items 4 and 7): spread into the points area's handlers. */
export const goalHandlers: {
  'points:memberGoals': Handler<'points:memberGoals'>;
  'points:useVoucher': Handler<'points:useVoucher'>;
  'points:createPromoCodes': Handler<'points:createPromoCodes'>;
  'points:listPromoBatches': Handler<'points:listPromoBatches'>;
  'points:exportPromoBatch': Handler<'points:exportPromoBatch'>;
} = {
  'points:memberGoals': (ctx, input) => memberGoals(ctx, input.memberId),
  'points:useVoucher': (ctx, input) => useVoucher(ctx, input),
  'points:createPromoCodes': (ctx, input) => createPromoCodes(ctx, input),
  'points:listPromoBatches': (ctx, input) => listPromoBatches(ctx.db, input.limit ?? 50),
  'points:exportPromoBatch': (ctx, input) => exportPromoBatch(ctx, input.batchId),
};
