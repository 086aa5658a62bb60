import type { Rand } from './prng';

/**
 * The simulated network between the tills and head office: every request of a till's
 * sync client goes through `fetchFor(till)` (the core's `sync.fetch`, see
 * src/main/core/sync/config.ts). It delays, drops requests, drops answers AFTER head
 * office committed (the till never learns it was recorded), sends duplicates, keeps
 * copies it delivers much later (reordered, stale pushes and pulls), and cuts whole
 * stores off. `heal()` makes it perfect again. The service address is looked up per
 * request, so head office can restart on another port.
 */
export interface Faults {
  dropRequest: number;
  dropAnswer: number;
  duplicate: number;
  replayLater: number;
  maxDelayMs: number;
}

export const NO_FAULTS: Faults = { dropRequest: 0, dropAnswer: 0, duplicate: 0, replayLater: 0, maxDelayMs: 0 };

export interface NetStats {
  requests: number;
  droppedRequests: number;
  droppedAnswers: number;
  duplicates: number;
  replays: number;
  refused: number;
}

interface Ghost {
  url: string;
  init: RequestInit;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SimNetwork {
  target = '';
  serviceDown = false;
  readonly partitioned = new Set<number>();
  faults: Faults = NO_FAULTS;
  readonly stats: NetStats = {
    requests: 0,
    droppedRequests: 0,
    droppedAnswers: 0,
    duplicates: 0,
    replays: 0,
    refused: 0,
  };
  private ghosts: Ghost[] = [];

  constructor(private readonly rand: Rand) {}

  heal(): void {
    this.partitioned.clear();
    this.faults = NO_FAULTS;
  }

  private refuse(why: string): never {
    this.stats.refused++;
    throw new Error(`connect ECONNREFUSED (${why})`);
  }

  private toTarget(url: string): string {
    const u = new URL(url);
    return this.target + u.pathname + u.search;
  }

  /** Sends a request to head office as it is, for a reply nobody waits for. */
  private async fireAndForget(g: Ghost): Promise<void> {
    try {
      const res = await fetch(this.toTarget(g.url), { ...g.init, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
    } catch {
      /* a lost duplicate */
    }
  }

  /** The stale copies kept back: delivered now, in random order, answers thrown away. */
  async deliverGhosts(): Promise<void> {
    const ghosts = this.ghosts.splice(0);
    for (let i = ghosts.length - 1; i > 0; i--) {
      const j = Math.floor(this.rand() * (i + 1));
      [ghosts[i], ghosts[j]] = [ghosts[j], ghosts[i]];
    }
    for (const g of ghosts) {
      if (this.serviceDown) return;
      this.stats.replays++;
      await this.fireAndForget(g);
    }
  }

  /** The network as one till sees it. `onAnswer` may take the answer away (a till killed before it arrives). */
  fetchFor(till: { store: number }): typeof fetch {
    return async (input, init) => {
      const f = this.faults;
      const url = String(input);
      const g: Ghost = { url, init: { method: init?.method, headers: init?.headers, body: init?.body } };
      this.stats.requests++;
      if (f.maxDelayMs > 0) await sleep(Math.floor(this.rand() * f.maxDelayMs));
      if (this.serviceDown) this.refuse('head office down');
      if (this.partitioned.has(till.store)) this.refuse('store partitioned');
      if (this.rand() < f.dropRequest) {
        this.stats.droppedRequests++;
        throw new Error('socket hang up (request lost)');
      }
      if (this.rand() < f.duplicate) {
        this.stats.duplicates++;
        void this.fireAndForget(g);
      }
      if (this.rand() < f.replayLater) this.ghosts.push(g);
      const res = await fetch(this.toTarget(url), { ...g.init, signal: init?.signal });
      const text = await res.text();
      if (this.rand() < f.dropAnswer) {
        this.stats.droppedAnswers++;
        throw new Error('socket hang up (answer lost after head office committed)');
      }
      return new Response(text, { status: res.status, headers: { 'content-type': 'application/json' } });
    };
  }
}
