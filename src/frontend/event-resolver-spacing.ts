/**
 * Least time between two resolver calls a realtime event causes. Anything running in the app's frames can publish on
 * the token-less channel (§19), so without it a flood of made-up events would make every open macro invoke its
 * resolver per event; with it, at most one call per macro per 5 s, and a burst of real changes costs one call.
 */
export const EVENT_RESOLVER_SPACING_MS = 5_000;
