/**
 * Server-sent events for the workbench: the activity log and realtime channels, each streamed to
 * the browser until it disconnects (the request's signal aborts) or the stream is cancelled.
 */

/** Sends one event; `data` is JSON-encoded. */
export type SendEvent = (data: unknown, event?: string) => void;

const HEARTBEAT_MS = 15_000;

/** A text/event-stream response; `start` subscribes and returns its cleanup. */
export function eventStream(request: Request, start: (send: SendEvent) => () => void): Response {
  const encoder = new TextEncoder();
  let cleanup: (() => void) | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    clearInterval(heartbeat);
    cleanup?.();
    cleanup = undefined;
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send: SendEvent = (data, event) => {
        try {
          controller.enqueue(encoder.encode(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`));
        } catch {
          stop();
        }
      };
      controller.enqueue(encoder.encode(': connected\n\n'));
      cleanup = start(send);
      heartbeat = setInterval(() => send(Date.now(), 'heartbeat'), HEARTBEAT_MS);
      heartbeat.unref?.();
      request.signal.addEventListener('abort', () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel: stop,
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' } });
}
