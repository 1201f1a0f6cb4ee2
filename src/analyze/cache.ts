/**
 * Holds at most `capacity` loaded checkpoints, evicting the least recently used before loading another, so peak
 * memory stays a small multiple of one checkpoint whatever the number of epochs.
 */
export class CheckpointCache<T> {
  private readonly entries = new Map<number, T>();
  loads = 0;

  constructor(
    private readonly capacity: number,
    private readonly load: (index: number) => T,
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
    while (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value as number;
      this.entries.delete(oldest);
    }
    const value = this.load(index);
    this.loads++;
    this.entries.set(index, value);
    return value;
  }
}
