// Kubelet pull failures: which waiting reasons count, and what the message says went wrong.

export const PULL_FAILURE_REASONS = ["ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName"] as const;

export type PullFailureClass = "manifest-unknown" | "platform" | "unauthorized" | "other";

export function isPullFailureReason(reason: string | undefined): boolean {
  return reason !== undefined && (PULL_FAILURE_REASONS as readonly string[]).includes(reason);
}

// Order matters: containerd says "no match for platform in manifest: not found", so platform is
// tested before not-found; Docker says "pull access denied … repository does not exist or may
// require authorization", which is an auth problem before it is a missing one.
const PLATFORM = [
  /no match for platform/i,
  /no matching manifest for/i,
  /no image found in (the )?manifest list for/i,
  /does not match the (specified|expected) platform/i,
  /image with reference .* was found but does not match/i,
  /unsupported platform/i,
];
const UNAUTHORIZED = [
  /unauthori[sz]ed/i,
  /\b40[13]\b/,
  /\bdenied\b/i,
  /authori[sz]ation failed/i,
  /authentication required/i,
  /failed to authori[sz]e/i,
  /\bforbidden\b/i,
  /insufficient_scope/i,
];
const MANIFEST_UNKNOWN = [
  /manifest unknown/i,
  /not found/i,
  /name unknown/i,
  /\bNotFound\b/,
  /\b404\b/,
  /repository .*does not exist/i,
];

/**
 * Classifies a kubelet/runtime pull failure. `ImagePullBackOff` messages usually only say
 * "Back-off pulling image …"; callers should pass the last ErrImagePull message or event text
 * when they have it.
 */
export function classifyPullFailure(reason: string, message: string | undefined): PullFailureClass {
  if (reason === "InvalidImageName" || reason === "ErrImageNeverPull") return "other";
  const text = message ?? "";
  if (PLATFORM.some((re) => re.test(text))) return "platform";
  if (UNAUTHORIZED.some((re) => re.test(text))) return "unauthorized";
  if (MANIFEST_UNKNOWN.some((re) => re.test(text))) return "manifest-unknown";
  return "other";
}
