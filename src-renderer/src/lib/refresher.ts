// Runs an async load at most once at a time: a request during a load runs one
// more load after it, so the last answer always reflects the last request.

export class Refresher {
  readonly #load: () => Promise<void>;
  #running: Promise<void> | null = null;
  #again = false;

  constructor(load: () => Promise<void>) {
    this.#load = load;
  }

  run(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.#load();
        } while (this.#again);
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }
}
