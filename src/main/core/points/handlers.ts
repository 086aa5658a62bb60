import type { AreaHandlers } from '../handler-types';

export const pointsHandlers: AreaHandlers<'points'> = {};
