import "server-only";

// Prometheus keeps one series per label value forever. Registry names come from image
// references in cluster content, so they are not ours to bound: the configured registries and
// the first `max` others seen get their own label, every later one is counted as "other".

export const OTHER_LABEL = "other";

export function boundedLabels(opts: { known?: Iterable<string>; max: number }): (value: string) => string {
  const known = new Set(opts.known ?? []);
  const seen = new Set<string>();
  return (value) => {
    if (known.has(value) || seen.has(value)) return value;
    if (seen.size >= opts.max) return OTHER_LABEL;
    seen.add(value);
    return value;
  };
}
