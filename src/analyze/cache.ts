/**
 * Holds at most `capacity` loaded checkpoints, evicting the least recently used before loading another, so peak
 * memory stays a small multiple of one checkpoint whatever the number of epochs. The evicted entry is handed to
 * `load`, which may reuse its memory for the checkpoint it reads.
 */
export class CheckpointCache<T> {
  private readonly entries = new Map<number, T>();
  loads = 0;

  constructor(
    private readonly capacity: number,
    private readonly load: (index: number, evicted: { index: number; value: T } | undefined) => T,
  ) {
    if (capacity < 2) throw new Error('CheckpointCache needs room for at least two checkpoints');
  }

  get(index: number): T {
    const hit = this.entries.get(index);
    if (hit !== undefined) {
      this.entries.delete(index);
      this.entries.set(index, hit);
      return hit;
    }
    let evicted: { index: number; value: T } | undefined;
    while (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value as number;
      evicted = { index: oldest, value: this.entries.get(oldest)! };
      this.entries.delete(oldest);
    }
    const value = this.load(index, evicted);
    this.loads++;
    this.entries.set(index, value);
    return value;
  }
}
