import type { AreaHandlers } from '../handler-types';
import { readSettings, writeSettings } from './settings-store';

export const settingsHandlers: AreaHandlers<'settings'> = {
  'settings:get': (ctx) => ctx.settings(),
  'settings:update': (ctx, input) => {
    const actor = ctx.requireActor();
    const changes = writeSettings(ctx.db, input, actor.staffId, ctx.now());
    for (const c of changes) ctx.audit('settings.changed', c.key, { from: c.from, to: c.to });
    return readSettings(ctx.db);
  },
};
