import type { Cluster, Draft } from './types';

interface Scheduled {
  due: number;
  seq: number;
  draft: Draft;
  cluster?: Cluster;
}

/**
 * Accounts drafted but not yet created. A cluster's later accounts are due some accounts
 * later, so duplicates are spread over the id range like real ones.
 */
export class DraftQueue {
  private readonly pending: Scheduled[] = [];
  private sorted = true;
  private seq = 0;
  /** Accounts scheduled so far (the admins included); "due" counts in these. */
  scheduled = 0;

  get size(): number {
    return this.pending.length;
  }

  add(draft: Draft, cluster?: Cluster, delay = 0): void {
    this.pending.push({ due: this.scheduled + delay, seq: this.seq++, draft, cluster });
    this.sorted = false;
    this.scheduled++;
  }

  /** Hands every due draft (every draft with `all`) to `emit`, in due order. */
  emitDue(all: boolean, emit: (draft: Draft, cluster?: Cluster) => void): void {
    if (this.pending.length === 0) return;
    if (!this.sorted) {
      this.pending.sort((a, b) => a.due - b.due || a.seq - b.seq);
      this.sorted = true;
    }
    while (this.pending.length > 0 && (all || this.pending[0]!.due <= this.scheduled)) {
      const s = this.pending.shift()!;
      emit(s.draft, s.cluster);
    }
  }
}
