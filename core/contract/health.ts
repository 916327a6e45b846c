import { z } from 'zod';

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  workspace: z.object({ name: z.string(), dir: z.string() }),
  schemaVersion: z.number().int(),
  appCount: z.number().int(),
});
export type Health = z.infer<typeof healthSchema>;
