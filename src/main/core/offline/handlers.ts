import type { AreaHandlers } from '../handler-types';

export const offlineHandlers: AreaHandlers<'offline'> = {};
