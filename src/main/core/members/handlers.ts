import type { AreaHandlers } from '../handler-types';

export const membersHandlers: AreaHandlers<'members'> = {};
