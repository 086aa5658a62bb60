import type { AreaHandlers } from '../handler-types';

export const reportsHandlers: AreaHandlers<'reports'> = {};
