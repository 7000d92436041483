/** Reads a response body with a hard byte cap, so a runaway upstream cannot exhaust the function's memory. */

/** Largest response body the client accepts (contract: larger responses are invalid). */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** The parts of a fetch Response the client reads (the global fetch and @forge/api's fetch both provide them). */
export interface EngineeringResponse {
  status: number;
  headers: { get(name: string): string | null };
  body?: ReadableStream<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Body bytes, or why they were refused. */
export type CappedBody = { ok: true; text: string } | { ok: false; detail: string };

/**
 * Reads the body as UTF-8 text, refusing it when Content-Length or the bytes actually read exceed `maxBytes`.
 * Stream errors (network, abort) are thrown to the caller, which knows whether its timeout fired.
 */
export async function readCappedBody(response: EngineeringResponse, maxBytes: number): Promise<CappedBody> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await cancelQuietly(response);
    return { ok: false, detail: `Content-Length ${declared} is over the ${maxBytes}-byte response limit` };
  }
  const bytes = response.body ? await readStream(response.body, maxBytes) : await readWhole(response, maxBytes);
  if (bytes === null) return { ok: false, detail: `response body is larger than the ${maxBytes}-byte limit` };
  return { ok: true, text: new TextDecoder().decode(bytes) };
}

async function readStream(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

// Fallback for response objects without a body stream (the @forge/api Response type does not promise one).
async function readWhole(response: EngineeringResponse, maxBytes: number): Promise<Uint8Array | null> {
  const buffer = await response.arrayBuffer();
  return buffer.byteLength > maxBytes ? null : new Uint8Array(buffer);
}

async function cancelQuietly(response: EngineeringResponse): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
