/** Messages between the simulation and a till running in a child process (terminal-child.ts). */
export type ToChild =
  | { t: 'open'; dbPath: string; now: number }
  | { t: 'call'; id: number; now: number; channel: string; input: unknown; role: 'cashier' | 'manager' }
  | { t: 'read'; id: number; sql: string; params: unknown[] }
  | { t: 'fetched'; id: number; status?: number; text?: string; error?: string };

export type FromChild =
  | { t: 'ready'; terminalId: string }
  | { t: 'done'; id: number; value: unknown }
  | { t: 'failed'; id: number; message: string }
  | { t: 'fetch'; id: number; url: string; method: string; headers: Record<string, string>; body: string };
