import { useEffect } from 'react';
import { create } from 'zustand';

/**
 * Sections of a page with changes not saved yet, by id → their (translated) name. A page
 * may have several forms, each with its own Save (the settings page: general, members,
 * and whatever other areas add); a section marks itself while it differs from what is
 * stored, so that leaving the page asks first (stores/navigation.ts) and a Save of one
 * section can say which others are still unsaved, instead of a change being lost unseen.
 */
interface UnsavedState {
  sections: Record<string, string>;
  mark(id: string, label: string | null): void;
  clear(): void;
}

export const useUnsaved = create<UnsavedState>((set) => ({
  sections: {},
  mark: (id, label) =>
    set((s) => {
      if (label === null) {
        if (!(id in s.sections)) return s;
        const { [id]: _gone, ...rest } = s.sections;
        return { sections: rest };
      }
      return s.sections[id] === label ? s : { sections: { ...s.sections, [id]: label } };
    }),
  clear: () => set({ sections: {} }),
}));

/** Marks section `id` as unsaved while `dirty`; unmarks it on unmount. */
export function useUnsavedSection(id: string, label: string, dirty: boolean): void {
  const mark = useUnsaved((s) => s.mark);
  useEffect(() => {
    mark(id, dirty ? label : null);
  }, [id, label, dirty, mark]);
  useEffect(() => () => mark(id, null), [id, mark]);
}

/** The names of the unsaved sections other than `except`. */
export function useOtherUnsaved(except: string): string[] {
  const sections = useUnsaved((s) => s.sections);
  return Object.entries(sections)
    .filter(([id]) => id !== except)
    .map(([, label]) => label);
}
