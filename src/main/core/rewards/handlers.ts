import type { AreaHandlers } from '../handler-types';
import { AppError } from '../errors';

const notYet = (): never => {
  throw new AppError('INTERNAL', 'not implemented yet');
};

export const rewardsHandlers: AreaHandlers<'rewards'> = {
  'rewards:list': notYet,
  'rewards:create': notYet,
  'rewards:update': notYet,
  'rewards:affordable': notYet,
  'rewards:redeem': notYet,
  'rewards:void': notYet,
  'rewards:listRedemptions': notYet,
};
