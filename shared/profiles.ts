import { z } from 'zod';

/** A saved connection as the renderer sees it: never the password, only whether one is stored. */
export const profileConnectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('demo') }),
  z.object({ kind: z.literal('sqlite'), file: z.string().min(1, 'Choose the SQLite file.') }),
  z.object({
    kind: z.literal('mssql'),
    host: z.string().min(1, 'Enter the server name.'),
    port: z.number().int().min(1).max(65535).optional(),
    instance: z.string().min(1).optional(),
    database: z.string().min(1, 'Enter the database name.'),
    authType: z.enum(['sql', 'ntlm']),
    user: z.string().min(1, 'Enter the login.'),
    domain: z.string().optional(),
    encrypt: z.boolean(),
    trustServerCertificate: z.boolean(),
    connectTimeoutMs: z.number().int().min(1000).max(600_000),
    requestTimeoutMs: z.number().int().min(1000).max(3_600_000),
  }),
  z.object({
    kind: z.literal('postgres'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    database: z.string().min(1),
    user: z.string().min(1),
  }),
]);

export type ProfileConnection = z.infer<typeof profileConnectionSchema>;

export const profileSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1, 'Give the profile a name.').max(100),
  connection: profileConnectionSchema,
  mappingFile: z.string().min(1).optional(),
});

export type Profile = z.infer<typeof profileSchema>;

export interface ProfileView extends Profile {
  hasPassword: boolean;
}
