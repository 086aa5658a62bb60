import type { AreaHandlers } from '../handler-types';
import { noted } from '../handler-types';
import { defineArea } from '../area';
import { readSettings, writeSettings } from './settings-store';

export const settingsHandlers: AreaHandlers<'settings'> = {
  'settings:get': (ctx) => ctx.settings(),
  'settings:update': (ctx, input) => {
    const actor = ctx.requireActor();
    const changes = writeSettings(ctx.db, input, actor.staffId, ctx.now());
    return noted(readSettings(ctx.db), { changes });
  },
};

export const settingsArea = defineArea({ name: 'settings', handlers: settingsHandlers });
