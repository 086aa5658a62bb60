import { useEffect } from 'react';
import { requestFocus } from '../stores/focus';
import { useNavigation } from '../stores/navigation';
import type { PageDef } from './pages';

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * `F2` from anywhere, or `/` when not typing in a field, opens the counter and puts the
 * cursor in its search box. Pages' own `shortcut`s switch to that page.
 */
export function useGlobalShortcuts(pages: PageDef[]): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'F2' || (e.key === '/' && !isTypingTarget(e.target))) {
        e.preventDefault();
        useNavigation.getState().go('counter');
        requestFocus('counterSearch');
        return;
      }
      const page = pages.find((p) => p.shortcut && p.shortcut === e.key);
      if (page) {
        e.preventDefault();
        useNavigation.getState().go(page.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pages]);
}
