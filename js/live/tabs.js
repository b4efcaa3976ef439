// Tabs of one browser share one Realtime subscription: the tab holding a Web Lock is the leader and subscribes;
// the others hear the leader's changes through a BroadcastChannel, and tell the others of their own saves. When
// the leader's tab closes, the lock passes to another tab, which subscribes and revalidates once (it may have
// missed changes in between). Without BroadcastChannel or Web Locks (Node, old browsers) every scheduler leads.

export function tabsSupported() {
  return typeof globalThis.BroadcastChannel === 'function' && typeof globalThis.navigator?.locks?.request === 'function';
}

export class TabGroup {
  #name;
  #channel = null;
  #release = null;
  #stopped = false;
  #onMessage;
  leader = false;

  /** `name` identifies the (provider, school); `onMessage(message)` hears the other tabs. */
  constructor(name, onMessage) {
    this.#name = name;
    this.#onMessage = onMessage;
  }

  /**
   * Joins; `onLead(afterFollowing)` runs once this tab becomes the leader: now (false), or when the leader's tab
   * goes (true: changes may have been missed in between).
   */
  start(onLead) {
    if (!tabsSupported()) {
      this.leader = true;
      onLead(false);
      return;
    }
    this.#channel = new BroadcastChannel(`slotfit-live:${this.#name}`);
    this.#channel.onmessage = (event) => {
      if (!this.#stopped) this.#onMessage(event.data);
    };
    const lockName = `slotfit-live:${this.#name}`;
    const lead = (afterFollowing) => {
      if (this.#stopped) return undefined;
      this.leader = true;
      onLead(afterFollowing);
      // Held until stop(): the promise the lock waits on.
      return new Promise((resolve) => {
        this.#release = resolve;
      });
    };
    navigator.locks.request(lockName, { ifAvailable: true }, (lock) => {
      if (lock !== null) return lead(false);
      // Another tab leads: wait in line.
      navigator.locks.request(lockName, () => lead(true)).catch(() => {});
      return undefined;
    }).catch(() => {});
  }

  post(message) {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // A closed channel (the page is going): the other tabs revalidate when they lead.
    }
  }

  stop() {
    this.#stopped = true;
    this.leader = false;
    this.#release?.();
    this.#channel?.close();
    this.#channel = null;
  }
}
