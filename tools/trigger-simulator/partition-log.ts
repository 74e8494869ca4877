/**
 * @module One partition of a simulated topic: which offsets it holds (with the gaps compaction
 * leaves) and when each message arrived, on the simulation's clock. Messages are produced lazily,
 * as time reaches them; their contents are rebuilt from the seed when needed (synthetic-message.ts).
 */
import { Random } from './random';

/** How messages arrive: bursts of close messages and pauses between them, in virtual milliseconds. */
export interface Production {
  /** Every message is there when the run starts (a backlog), instead of arriving over time. */
  backlog: boolean;
  /** Mean gap between two messages of a burst. */
  burstGapMs: number;
  /** Mean length of a pause, and how often a gap is one. */
  pauseMs: number;
  pauseChance: number;
  /** One gap in this many skips offsets (a compacted topic); 0 for none. */
  offsetGapEvery: number;
  /**
   * The producer holds back while this many messages of the partition are not committed, so a
   * run's length follows its invocations on any machine; bursts still fill batches.
   */
  maxLag?: number;
}

export class PartitionLog {
  /** The offsets produced so far, ascending, with gaps. */
  readonly offsets: number[] = [];
  /** When each arrived, in virtual milliseconds. */
  readonly arrivals: number[] = [];
  private readonly random: Random;
  private closed = false;
  private nextOffset: number;
  private nextArrival = 0;
  private held = false;
  /** The consumer group's committed position, which maxLag is measured from. */
  committed: () => number = () => 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
    seed: string,
    private readonly production: Production,
    /** Messages this partition produces at most. */
    private readonly limit: number,
  ) {
    this.random = new Random(seed, 'log', topic, partition);
    this.nextOffset = this.random.int(0, 3) * 1000;
  }

  /** Produces what has arrived by `time`, and the message after it, so its arrival is known. */
  advanceTo(time: number): void {
    const { maxLag } = this.production;
    while (!this.closed && this.offsets.length < this.limit && (this.arrivals.length === 0 || (this.arrivals.at(-1) as number) <= time)) {
      if (maxLag !== undefined && this.offsets.length - this.committed() >= maxLag) {
        this.held = true;
        return;
      }
      // A producer that was held back sends its next message when it may, not in the past.
      if (this.held) this.nextArrival = Math.max(this.nextArrival, time);
      this.held = false;
      this.produceOne();
    }
  }

  /** How many messages have arrived by `time`. */
  arrivedBy(time: number): number {
    this.advanceTo(time);
    let count = this.arrivals.length;
    while (count > 0 && (this.arrivals[count - 1] as number) > time) count--;
    return count;
  }

  /** When the message at `index` arrives; undefined when no such message will be produced. */
  arrivalOf(index: number): number | undefined {
    return this.arrivals[index];
  }

  /** No message is produced after `time`; one produced but not yet arrived is taken back. */
  close(time: number): void {
    this.closed = true;
    while (this.arrivals.length > 0 && (this.arrivals.at(-1) as number) > time) {
      this.arrivals.pop();
      this.offsets.pop();
    }
  }

  /** Whether no message will ever come after the ones produced. */
  get finished(): boolean {
    return this.closed || this.offsets.length >= this.limit;
  }

  /** The position of `offset`, or -1. */
  indexOf(offset: number): number {
    let low = 0;
    let high = this.offsets.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = this.offsets[middle] as number;
      if (at === offset) return middle;
      if (at < offset) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  private produceOne(): void {
    const { production, random } = this;
    this.offsets.push(this.nextOffset);
    this.arrivals.push(this.nextArrival);
    const skipped = production.offsetGapEvery > 0 && random.chance(1 / production.offsetGapEvery) ? random.pick([1, 2, 5, 40, 700]) : 0;
    this.nextOffset += 1 + skipped;
    if (!production.backlog) {
      const mean = random.chance(production.pauseChance) ? production.pauseMs : production.burstGapMs;
      this.nextArrival += -Math.log(1 - random.next()) * mean;
    }
  }
}
