import { describe, expect, it } from "vitest";
import { classifyPullFailure, isPullFailureReason } from "./pull-failure";

// Real kubelet / containerd / CRI-O / dockershim messages.
const CASES: [string, string, string, string][] = [
  [
    "containerd: tag not found",
    "ErrImagePull",
    'rpc error: code = NotFound desc = failed to pull and unpack image "reg.example/shop/checkout:2.4.9": failed to resolve reference "reg.example/shop/checkout:2.4.9": reg.example/shop/checkout:2.4.9: not found',
    "manifest-unknown",
  ],
  [
    "CRI-O: manifest unknown",
    "ErrImagePull",
    "reading manifest 2.4.9 in reg.example/shop/checkout: manifest unknown: manifest unknown",
    "manifest-unknown",
  ],
  ["dockershim: manifest not found", "ErrImagePull", "Error response from daemon: manifest for shop/checkout:2.4.9 not found: manifest unknown: manifest unknown", "manifest-unknown"],
  [
    "containerd: no platform",
    "ErrImagePull",
    'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/tool:1": no match for platform in manifest: not found',
    "platform",
  ],
  ["docker: no matching manifest", "ErrImagePull", "no matching manifest for linux/arm64/v8 in the manifest list entries", "platform"],
  [
    "CRI-O: no image for arch",
    "ErrImagePull",
    'choosing image instance: no image found in manifest list for architecture arm64, variant "v8", OS linux',
    "platform",
  ],
  [
    "containerd: 401",
    "ErrImagePull",
    'failed to pull and unpack image "ghcr.io/acme/api:1": failed to resolve reference "ghcr.io/acme/api:1": failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized',
    "unauthorized",
  ],
  [
    "containerd: 403",
    "ErrImagePull",
    'failed to resolve reference "reg.example/priv/app:1": unexpected status from HEAD request to https://reg.example/v2/priv/app/manifests/1: 403 Forbidden',
    "unauthorized",
  ],
  [
    "docker: pull access denied (repository may not exist)",
    "ErrImagePull",
    "Error response from daemon: pull access denied for acme/private, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    "unauthorized",
  ],
  ["CRI-O: authentication required", "ErrImagePull", "reading manifest 1 in reg.example/priv/app: unauthorized: authentication required", "unauthorized"],
  ["insufficient scope", "ErrImagePull", "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed", "unauthorized"],
  ["dns failure", "ErrImagePull", 'failed to do request: Head "https://reg.example/v2/app/manifests/1": dial tcp: lookup reg.example: no such host', "other"],
  ["rate limited", "ErrImagePull", "toomanyrequests: You have reached your pull rate limit.", "other"],
  ["back-off without detail", "ImagePullBackOff", 'Back-off pulling image "reg.example/shop/checkout:2.4.9"', "other"],
  ["never pull", "ErrImageNeverPull", 'Container image "app:dev" is not present with pull policy of Never', "other"],
  ["invalid name", "InvalidImageName", 'Failed to apply default image tag "Shop/App:1": couldn\'t parse image reference', "other"],
  ["no message at all", "ErrImagePull", "", "other"],
];

describe("classifyPullFailure", () => {
  it.each(CASES)("%s", (_name, reason, message, expected) => {
    expect(classifyPullFailure(reason, message)).toBe(expected);
  });

  it("treats an undefined message as other", () => {
    expect(classifyPullFailure("ErrImagePull", undefined)).toBe("other");
  });
});

describe("isPullFailureReason", () => {
  it.each([
    ["ErrImagePull", true],
    ["ImagePullBackOff", true],
    ["ErrImageNeverPull", true],
    ["InvalidImageName", true],
    ["ContainerCreating", false],
    ["CrashLoopBackOff", false],
    [undefined, false],
  ])("%s → %s", (reason, expected) => {
    expect(isPullFailureReason(reason)).toBe(expected);
  });
});
