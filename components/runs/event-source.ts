'use client';

type Handlers = Record<string, (data: unknown) => void>;
type Lifecycle = {
  /** The stream is open (first time or after a reconnect). */
  onOpen?: (reconnected: boolean) => void;
  /** The connection dropped; it is being re-established. */
  onDown?: () => void;
};

/**
 * Follows a Server-Sent Events URL until the returned function is called. EventSource
 * retries by itself on a dropped connection, but gives up for good when a reconnect gets an
 * error status (as during a server restart): then this reconnects with backoff, up to 30 s
 * apart. A `gone` event ends it; `signed_out` ends it and reloads the page (to sign-in).
 */
export function followEvents(url: string, handlers: Handlers, lifecycle: Lifecycle = {}): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let opened = false;
  let stopped = false;
  const connect = () => {
    source = new EventSource(url);
    source.onopen = () => {
      failures = 0;
      lifecycle.onOpen?.(opened);
      opened = true;
    };
    for (const [event, handle] of Object.entries(handlers)) {
      source.addEventListener(event, (message) => handle(JSON.parse((message as MessageEvent<string>).data)));
    }
    source.addEventListener('gone', () => {
      stopped = true;
      source?.close();
    });
    // The session ended (signed out, here or elsewhere): the page reloads, and the proxy sends it to sign-in.
    source.addEventListener('signed_out', () => {
      stopped = true;
      source?.close();
      window.location.reload();
    });
    source.onerror = () => {
      if (stopped) return;
      lifecycle.onDown?.();
      if (source?.readyState !== EventSource.CLOSED) return;
      failures++;
      timer = setTimeout(connect, Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
    };
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}
