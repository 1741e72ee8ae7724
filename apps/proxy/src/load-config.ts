import { readFileSync } from 'node:fs';
import { resolveConfig, type ProxyConfig } from './config.ts';
import { ProxyError, ProxyErrorCode } from './errors.ts';

// Reads the config file (JSON) and lets the environment override single settings, so a container can
// run with a mounted file, with variables only, or with both.

export interface LoadConfigOptions {
  /** Path of a JSON config file. Default: `WEBMAIL_PROXY_CONFIG`, else no file. */
  file?: string;
  env?: NodeJS.ProcessEnv;
}

function readJsonFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProxyError(ProxyErrorCode.configFile, `config file cannot be read: ${file}`, { cause: error });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ProxyError(ProxyErrorCode.configFile, `config file is not a JSON object: ${file}`, {
      cause: error,
    });
  }
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function parseEnvJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProxyError(ProxyErrorCode.configInvalid, `config: ${name} is not valid JSON`, { cause: error });
  }
}

function parseEnvInteger(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new ProxyError(ProxyErrorCode.configInvalid, `config: ${name} ${text}`);
  return Number(text);
}

/** Loads, merges (environment wins) and validates the configuration. */
export function loadConfig(options: LoadConfigOptions = {}): ProxyConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env['WEBMAIL_PROXY_CONFIG'];
  const config: Record<string, unknown> = file === undefined ? {} : readJsonFile(file);

  const host = env['WEBMAIL_PROXY_HOST'];
  const port = env['WEBMAIL_PROXY_PORT'];
  if (host !== undefined || port !== undefined) {
    const listen = typeof config['listen'] === 'object' && config['listen'] !== null ? config['listen'] : {};
    config['listen'] = {
      ...listen,
      ...(host === undefined ? {} : { host }),
      ...(port === undefined ? {} : { port: parseEnvInteger('WEBMAIL_PROXY_PORT', port) }),
    };
  }
  const origins = env['WEBMAIL_PROXY_ALLOWED_ORIGINS'];
  if (origins !== undefined) config['allowedOrigins'] = commaList(origins);
  const upstreams = env['WEBMAIL_PROXY_UPSTREAMS'];
  if (upstreams !== undefined) config['upstreams'] = parseEnvJson('WEBMAIL_PROXY_UPSTREAMS', upstreams);
  const staticDir = env['WEBMAIL_PROXY_STATIC_DIR'];
  if (staticDir !== undefined) config['staticDir'] = staticDir;
  const trusted = env['WEBMAIL_PROXY_TRUSTED_PROXIES'];
  if (trusted !== undefined) config['trustedProxies'] = commaList(trusted);
  const workers = env['WEBMAIL_PROXY_WORKERS'];
  if (workers !== undefined) config['workers'] = parseEnvInteger('WEBMAIL_PROXY_WORKERS', workers);

  return resolveConfig(config, env);
}
