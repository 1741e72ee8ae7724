// Structured logs, one JSON object per line. Callers pass only metadata fields: the relay never hands a
// payload byte to the logger, so neither mail nor passwords can reach a log by accident.

export type LogLevel = 'info' | 'warn' | 'error';

export type LogValue = string | number | boolean | null;

export interface LogRecord {
  readonly time: string;
  readonly level: LogLevel;
  readonly msg: string;
  readonly [field: string]: LogValue;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  info(msg: string, fields?: Record<string, LogValue>): void;
  warn(msg: string, fields?: Record<string, LogValue>): void;
  error(msg: string, fields?: Record<string, LogValue>): void;
  /** Passes on, unchanged, a record made elsewhere (by a worker process). */
  forward(record: LogRecord): void;
}

export function writeJsonLine(record: LogRecord): void {
  process.stdout.write(JSON.stringify(record) + '\n');
}

export function createLogger(sink: LogSink = writeJsonLine): Logger {
  const emit = (level: LogLevel, msg: string, fields: Record<string, LogValue> = {}): void => {
    sink({ ...fields, time: new Date().toISOString(), level, msg });
  };
  return {
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    forward: (record) => sink(record),
  };
}
