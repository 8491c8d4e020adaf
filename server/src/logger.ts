import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    // Tokens never reach the log.
    redact: ['req.headers.authorization', 'req.headers.cookie'],
  });
}
