/// <reference types="vite/client" />
import type { PerkdeskBridge } from '../../shared/bridge';

declare global {
  interface Window {
    perkdesk: PerkdeskBridge;
  }
}
