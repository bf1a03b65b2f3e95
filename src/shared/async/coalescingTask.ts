/**
 * Runs an async task one at a time. A request while it runs is folded into one more run
 * after the current one, so ten pokes during a pull cause one extra pull, not ten, and every
 * caller's promise settles after a run that started after its request.
 */
export class CoalescingTask {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly task: () => Promise<void>) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const loop = async () => {
      try {
        do {
          this.again = false;
          await this.task();
        } while (this.again);
      } finally {
        this.running = null;
        this.again = false;
      }
    };
    this.running = loop();
    return this.running;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Settles when no run is in progress (errors are the callers' to see). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }
}
