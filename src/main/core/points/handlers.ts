import type { AreaHandlers } from '../handler-types';
import { AppError } from '../errors';

const notYet = (): never => {
  throw new AppError('INTERNAL', 'not implemented yet');
};

export const pointsHandlers: AreaHandlers<'points'> = {
  'points:getRules': notYet,
  'points:listRuleVersions': notYet,
  'points:previewRules': notYet,
  'points:saveRules': notYet,
  'points:award': notYet,
  'points:payQuote': notYet,
  'points:getPurchase': notYet,
  'points:listPurchases': notYet,
  'points:refund': notYet,
  'points:memberSummary': notYet,
  'points:history': notYet,
  'points:expiring': notYet,
  'points:adjust': notYet,
  'points:clearMember': notYet,
  'points:bulkClear': notYet,
  'points:runExpiry': notYet,
  'points:checkLedger': notYet,
};
