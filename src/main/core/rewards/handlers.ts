import type { AreaHandlers } from '../handler-types';

export const rewardsHandlers: AreaHandlers<'rewards'> = {};
