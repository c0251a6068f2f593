/**
 * The contract's part for the local API: an OpenAI-compatible server on
 * 127.0.0.1 that other apps on this computer (editors, scripts) may use to
 * ask Hearth's local model, with a bearer token. Off until the user turns it on.
 */
import { z } from 'zod';

/** 0 lets the system pick a free port at each start (tests do); below 1024 a port needs privileges Hearth does not have. */
export const localApiPortSchema = z.union([z.literal(0), z.number().int().min(1024).max(65535)]);

export const localApiSettingSchema = z.object({
  enabled: z.boolean(),
  /** The port it listens on while on; while off, the one it will use. */
  port: z.number().int().min(0).max(65535),
  /** What an app sends as its API key (Authorization: Bearer …). */
  token: z.string(),
  /** The base URL an app is given, ending in /v1. */
  url: z.string(),
});

export type LocalApiSetting = z.output<typeof localApiSettingSchema>;

export const localApiMethods = {
  'localApi.get': { params: z.object({}), result: localApiSettingSchema },
  /**
   * Turns the API on or off, on `port` when given (remembered); a port another program uses is refused with
   * LOCAL_API_PORT_IN_USE, and the API then stays off.
   */
  'localApi.set': { params: z.object({ enabled: z.boolean(), port: localApiPortSchema.optional() }), result: localApiSettingSchema },
  /** A new token; the old one is refused from the next request on. */
  'localApi.newToken': { params: z.object({}), result: localApiSettingSchema },
} as const;

export const localApiEvents = {
  /** The API was turned on or off, moved to another port, or given a new token. */
  'localApi.changed': localApiSettingSchema,
} as const;
