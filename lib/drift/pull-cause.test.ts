// Pull-failure causes across back-off, over the event sequences a real kubelet records
// (pkg/kubelet/images/image_manager.go): per attempt Normal "Pulling", Warning Failed "Failed to
// pull image …: <cause>", Warning Failed "Error: ErrImagePull"; between attempts Normal BackOff
// "Back-off pulling image …" and Warning Failed "Error: ImagePullBackOff". Repeats are aggregated
// into one event with a count and a new lastTimestamp (one-second resolution).
import { describe, expect, it } from "vitest";
import { analyzeOne, deployment, pod, waiting } from "./fixtures";
import { isInformativePullMessage, pullFailureCause } from "./pull-cause";
import type { PullFailureEvent } from "./observation";
import type { PullFailureClass } from "./pull-failure";

const IMAGE = "reg.example/shop/search:1.2";
const checkoutLike = (image: string) => deployment("shop", "search").container("app", image).revision("7d9f");
const CAUSES: [PullFailureClass, string][] = [
  ["manifest-unknown", `rpc error: code = NotFound desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": ${IMAGE}: not found`],
  ["platform", `rpc error: code = NotFound desc = failed to pull and unpack image "${IMAGE}": no match for platform in manifest: not found`],
  ["unauthorized", `rpc error: code = Unknown desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": pull access denied, repository does not exist or may require authorization: authorization failed: 401 Unauthorized`],
  ["other", `rpc error: code = Unknown desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": dial tcp: lookup reg.example: no such host`],
];

const at = (s: number) => new Date(Date.UTC(2026, 10, 2, 10, 0, s)).toISOString();
const ev = (reason: string, message: string, lastSecond: number, count = 1): PullFailureEvent & { type: string } => ({
  namespace: "shop", pod: "search-1", container: "app", reason, message, lastSeen: at(lastSecond), count,
  type: reason === "BackOff" || reason === "Pulling" ? "Normal" : "Warning",
});
const attempt = (cause: string, second: number, count: number) => [
  ev("Pulling", `Pulling image "${IMAGE}"`, second, count),
  ev("Failed", `Failed to pull image "${IMAGE}": ${cause}`, second, count),
  ev("Failed", "Error: ErrImagePull", second, count),
];
const backoff = (second: number, count: number) => [ev("BackOff", `Back-off pulling image "${IMAGE}"`, second, count), ev("Failed", "Error: ImagePullBackOff", second, count)];
const BACKOFF_WAITING = { reason: "ImagePullBackOff", message: `Back-off pulling image "${IMAGE}"` };
/** The collector lists Warning events only (fieldSelector type=Warning). */
const warnings = (events: ReturnType<typeof ev>[]) => events.filter((e) => e.type === "Warning").map(({ type: _type, ...e }) => e);

type Stage = { name: string; waiting: { reason: string; message: string }; events: ReturnType<typeof ev>[]; failedAt: number; count: number };
function stages(cause: string): Stage[] {
  return [
    { name: "right after the first failed pull", waiting: { reason: "ErrImagePull", message: cause }, events: attempt(cause, 0, 1), failedAt: 0, count: 1 },
    { name: "first back-off", waiting: BACKOFF_WAITING, events: [...attempt(cause, 0, 1), ...backoff(1, 1)], failedAt: 0, count: 1 },
    // Back-off events keep coming between attempts and are the newest; the cause's event ties on the second.
    { name: "several back-offs, same-second tie", waiting: BACKOFF_WAITING, events: [...attempt(cause, 40, 3), ...backoff(40, 6)], failedAt: 40, count: 3 },
    { name: "several back-offs, back-off newest", waiting: BACKOFF_WAITING, events: [...attempt(cause, 70, 4), ...backoff(290, 11)], failedAt: 70, count: 4 },
    {
      name: "events combined by the recorder",
      waiting: BACKOFF_WAITING,
      events: [ev("Failed", `(combined from similar events): Failed to pull image "${IMAGE}": ${cause}`, 300, 12), ev("Failed", "(combined from similar events): Error: ImagePullBackOff", 310, 25), ev("BackOff", `Back-off pulling image "${IMAGE}"`, 310, 25)],
      failedAt: 300, count: 12,
    },
  ];
}

describe("pullFailureCause over kubelet event sequences", () => {
  for (const [cls, cause] of CAUSES) {
    describe(cls, () => {
      it.each(stages(cause).map((s) => [s.name, s] as const))("%s", (_name, s) => {
        const got = pullFailureCause(s.waiting, warnings(s.events));
        expect(got.class).toBe(cls);
        if (s.waiting.reason === "ErrImagePull") {
          expect(got).toEqual({ class: cls, message: cause, at: at(s.failedAt), count: null });
        } else {
          expect([got.class, got.message.endsWith(`Failed to pull image "${IMAGE}": ${cause}`), got.at, got.count]).toEqual([cls, true, at(s.failedAt), s.count]);
        }
      });

      it("a kubelet ≥ 1.32 carries the cause in the back-off message itself", () => {
        const message = `Back-off pulling image "${IMAGE}": ErrImagePull: ${cause}`;
        expect(pullFailureCause({ reason: "ImagePullBackOff", message }, warnings(backoff(5, 2)))).toEqual({ class: cls, message, at: at(5), count: null });
      });

      it("the finding keeps the reason through the back-off", () => {
        const events = warnings([...attempt(cause, 70, 4), ...backoff(290, 11)]);
        const analysis = analyzeOne(checkoutLike(IMAGE).pods([pod("search-1", "n2", "7d9f", { app: waiting(BACKOFF_WAITING.reason, BACKOFF_WAITING.message) })]), { events });
        const f = analysis.findings.find((x) => x.kind === "pull-failing");
        expect([f?.details.reason, f?.details.classes]).toEqual([cls, [cls]]);
        expect(f?.details.pods).toEqual([{ pod: "search-1", node: "n2", reason: "ImagePullBackOff", class: cls, message: `Failed to pull image "${IMAGE}": ${cause}`, at: at(70), count: 4 }]);
      });
    });
  }
});

describe("pullFailureCause edge cases", () => {
  it("is other with the bare message when no event names a cause (events expired)", () => {
    expect(pullFailureCause(BACKOFF_WAITING, warnings(backoff(9, 3)))).toEqual({ class: "other", message: BACKOFF_WAITING.message, at: at(9), count: null });
    expect(pullFailureCause(BACKOFF_WAITING, [])).toEqual({ class: "other", message: BACKOFF_WAITING.message, at: null, count: null });
  });

  it("follows the newest cause when it changes (a tag deleted, then the registry refuses)", () => {
    const events = warnings([...attempt(CAUSES[0]![1], 10, 2), ...attempt(CAUSES[2]![1], 20, 1), ...backoff(30, 5)]);
    expect(pullFailureCause(BACKOFF_WAITING, events).class).toBe("unauthorized");
  });

  it("on a tie prefers a known class over other", () => {
    const events = warnings([...attempt(CAUSES[3]![1], 10, 1), ...attempt(CAUSES[1]![1], 10, 1)]);
    expect(pullFailureCause(BACKOFF_WAITING, events).class).toBe("platform");
  });

  it("reads only the container's own events when the event names one", () => {
    const sidecar = warnings(attempt(CAUSES[2]![1], 50, 1)).map((e) => ({ ...e, container: "sidecar" }));
    const own = warnings(attempt(CAUSES[0]![1], 10, 1));
    const analysis = analyzeOne(checkoutLike(IMAGE).pods([pod("search-1", "n2", "7d9f", { app: waiting(BACKOFF_WAITING.reason, BACKOFF_WAITING.message) })]), { events: [...sidecar, ...own] });
    expect(analysis.findings.find((x) => x.kind === "pull-failing")?.details.reason).toBe("manifest-unknown");
  });

  it("never reads a cause into InvalidImageName or ErrImageNeverPull", () => {
    expect(pullFailureCause({ reason: "ErrImageNeverPull", message: 'Container image "app:dev" is not present with pull policy of Never' }, warnings(attempt(CAUSES[0]![1], 1, 1))).class).toBe("other");
  });

  it.each([
    ['Back-off pulling image "r/a:1"', false],
    ["Error: ImagePullBackOff", false],
    ["(combined from similar events): Error: ErrImagePull", false],
    ['Pulling image "r/a:1"', false],
    ["", false],
    ['Back-off pulling image "r/a:1": ErrImagePull: not found', true],
    ['Failed to pull image "r/a:1": dial tcp: i/o timeout', true],
  ])("%j informative → %s", (message, want) => {
    expect(isInformativePullMessage(message)).toBe(want);
  });
});
