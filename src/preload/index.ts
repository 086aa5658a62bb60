import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES } from './channel-names';
import { createBridge } from './create-bridge';

// Sandboxed preload (bundled to one CommonJS file): exposes `window.perkdesk` and
// nothing else. ipcRenderer itself never crosses the context bridge; only a closure
// over its `invoke` does.
contextBridge.exposeInMainWorld(
  'perkdesk',
  createBridge({ invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args) }, CHANNEL_NAMES),
);
