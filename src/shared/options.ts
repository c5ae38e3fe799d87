// Merges caller options over DEFAULTS once. Options left undefined (an unset CLI flag passed
// through) keep the default instead of erasing it, which a plain object spread would do.
// The defaults' types win for the keys they cover; the options add the rest.
export function withDefaults<D extends object, O extends object>(defaults: D, options: O | undefined): D & Omit<O, keyof D> {
  const merged = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(options ?? {})) {
    if (value !== undefined) merged[key] = value;
  }
  return merged as D & Omit<O, keyof D>;
}
