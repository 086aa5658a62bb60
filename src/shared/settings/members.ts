import { z } from 'zod';

/** Settings owned by the members area (issue 3). */
export const membersSettingsSchema = z.strictObject({});
