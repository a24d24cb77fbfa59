/**
 * What jsdom (jest-environment-jsdom 29) lacks and the pane's modules use at load or render time.
 * Import this first in a jsdom test file (imports run in order).
 */
import { TextDecoder, TextEncoder } from 'util';

const g = globalThis as unknown as Record<string, unknown>;
g.TextEncoder ??= TextEncoder;
g.TextDecoder ??= TextDecoder;

/** Fluent's MessageBar measures itself with ResizeObserver; a no-op one is enough in tests. */
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
g.ResizeObserver ??= NoResizeObserver;
