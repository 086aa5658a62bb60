import { z } from 'zod';

/** Settings owned by the offline area: export, backup (issue 5). */
export const offlineSettingsSchema = z.strictObject({});
