/**
 * The app's deployment configuration: the only module that reads process.env.
 * On Forge these are environment variables (`forge variables set [--encrypt] KEY value`);
 * locally the platform sets them. Secrets (ENG_API_TOKEN, WEBHOOK_SECRET*) must be set with --encrypt.
 */
import { ConfigError } from './errors';

export interface AppConfig {
  engineering: { baseUrl: string; token: string };
  webhookSecrets: string[];
  cache: {
    defaultTtlSeconds: number;
    minTtlSeconds: number;
    maxTtlSeconds: number;
    maxStaleSeconds: number;
  };
}

/** Reads and validates the configuration; throws ConfigError naming what is missing or wrong. */
export function readConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const baseUrl = required(env, 'ENG_API_BASE_URL').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(baseUrl)) throw new ConfigError('ENG_API_BASE_URL must be an http(s) URL');
  const cache = {
    defaultTtlSeconds: integer(env, 'CACHE_TTL_SECONDS', 600),
    minTtlSeconds: integer(env, 'CACHE_TTL_MIN_SECONDS', 60),
    maxTtlSeconds: integer(env, 'CACHE_TTL_MAX_SECONDS', 86_400),
    maxStaleSeconds: integer(env, 'CACHE_MAX_STALE_SECONDS', 7 * 86_400),
  };
  if (cache.minTtlSeconds > cache.maxTtlSeconds) throw new ConfigError('CACHE_TTL_MIN_SECONDS is above CACHE_TTL_MAX_SECONDS');
  return Object.freeze({
    engineering: Object.freeze({ baseUrl, token: required(env, 'ENG_API_TOKEN') }),
    webhookSecrets: readWebhookSecrets(env),
    cache: Object.freeze(cache),
  });
}

/** The Standard Webhooks secrets (`whsec_…`): current first, the previous one while rotating. */
export function readWebhookSecrets(env: Record<string, string | undefined> = process.env): string[] {
  return [env.WEBHOOK_SECRET, env.WEBHOOK_SECRET_PREVIOUS].map((s) => s?.trim()).filter((s): s is string => Boolean(s));
}

function required(env: Record<string, string | undefined>, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is not set (forge variables set${name.includes('TOKEN') || name.includes('SECRET') ? ' --encrypt' : ''} ${name} …)`);
  return value;
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}
