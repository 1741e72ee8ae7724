import { ProxyError, ProxyErrorCode } from './errors.ts';

// The small readers every part of the config is validated with: each names the field it refuses
// (`config: upstreams[0].smtp.port must be ...`), so an operator's typo stops the process with its path.

export function invalid(path: string, problem: string): ProxyError {
  return new ProxyError(ProxyErrorCode.configInvalid, `config: ${path} ${problem}`);
}

export function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(path, 'must be an object');
  }
  return value as Record<string, unknown>;
}

export function rejectUnknownKeys(
  object: Record<string, unknown>,
  known: readonly string[],
  path: string,
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw new ProxyError(ProxyErrorCode.configUnknownKey, `config: unknown option ${path}.${key}`);
    }
  }
}

export function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw invalid(path, 'must be a non-empty string');
  return value;
}

export function requiredString(value: unknown, path: string): string {
  const text = optionalString(value, path);
  if (text === undefined) throw invalid(path, 'is required');
  return text;
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalid(path, 'must be true or false');
  return value;
}

export function integerIn(value: unknown, path: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(path, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function stringList(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw invalid(path, 'must be an array of strings');
  return value.map((item, index) => requiredString(item, `${path}[${index}]`));
}
