import { isContiguous, runningKeys, type StateInterval } from "./release-intervals";

// A release report for a time range needs only the states that overlap it — plus, at each end,
// the states a release running across that end began (or ended) in, so it is reported with its
// true start and end. These decide, from the states loaded so far (one workload, a contiguous
// run of its history, oldest first), whether one more step outward is needed.

/** Follows `keys` from states[i] outward by `step` (-1 earlier, +1 later): true when they may reach past the loaded states. */
function reachesPastLoaded(states: readonly StateInterval[], i: number, step: -1 | 1): boolean {
  let open = runningKeys(states[i]!);
  for (let j = i; ; j += step) {
    const next = states[j + step];
    // The state beside it is not loaded: whether the releases (or, before states[i], the state
    // that tells how they began) go on is unknown.
    if (!next) return true;
    const [a, b] = step === -1 ? [next, states[j]!] : [states[j]!, next];
    if (!isContiguous(a, b)) return false;
    const beside = runningKeys(next);
    open = new Set([...open].filter((k) => beside.has(k)));
    if (open.size === 0) return false;
  }
}

/** Whether states before states[0] are needed for the releases running when the range begins. */
export function needsEarlierStates(states: readonly StateInterval[], rangeFrom: Date): boolean {
  const i = states.findIndex((s) => s.to === null || s.to.getTime() > rangeFrom.getTime());
  return i >= 0 && reachesPastLoaded(states, i, -1);
}

/** Whether states after the last loaded one are needed for the releases running when the range ends. */
export function needsLaterStates(states: readonly StateInterval[], rangeTo: Date): boolean {
  let i = -1;
  for (let j = 0; j < states.length; j++) if (states[j]!.from.getTime() < rangeTo.getTime()) i = j;
  if (i < 0 || states[states.length - 1]!.to === null) return false;
  return reachesPastLoaded(states, i, 1);
}
