import { z } from 'zod';
import { counterSettingsSchema } from './counter';
import { generalSettingsSchema } from './general';
import { membersSettingsSchema } from './members';
import { offlineSettingsSchema } from './offline';
import { shellSettingsSchema } from './shell';
import { approvalSettingsSchema } from './approval';
import { receiptScanSettingsSchema } from './receipt-scan';

/**
 * All settings, one flat object. Each area contributes its own group file; keys must
 * be unique across groups (a test checks this).
 */
export const settingsGroups = {
  general: generalSettingsSchema,
  members: membersSettingsSchema,
  offline: offlineSettingsSchema,
  shell: shellSettingsSchema,
  counter: counterSettingsSchema,
  approval: approvalSettingsSchema,
  receiptScan: receiptScanSettingsSchema,
} as const;

export const settingsSchema = z.strictObject({
  ...generalSettingsSchema.shape,
  ...membersSettingsSchema.shape,
  ...offlineSettingsSchema.shape,
  ...shellSettingsSchema.shape,
  ...counterSettingsSchema.shape,
  ...approvalSettingsSchema.shape,
  ...receiptScanSettingsSchema.shape,
});

export type Settings = z.output<typeof settingsSchema>;
export type SettingsPatch = Partial<Settings>;

/**
 * The patch schema strips the defaults: zod applies `.default()` even inside
 * `.partial()`, which would turn every partial update into a reset of the rest.
 */
function withoutDefaults(shape: Record<string, z.ZodType>): z.ZodType<SettingsPatch> {
  const out: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const bare = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
    out[key] = bare.optional();
  }
  return z.strictObject(out) as unknown as z.ZodType<SettingsPatch>;
}

export const settingsPatchSchema = withoutDefaults(settingsSchema.shape);
export const SETTINGS_DEFAULTS: Settings = settingsSchema.parse({});
