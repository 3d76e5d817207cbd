import { describe, expect, it } from "vitest";
import { withoutTagOrDigest } from "./world";

describe("withoutTagOrDigest", () => {
  it.each([
    ["127.0.0.1:5000/shop/frontend:5.2", "127.0.0.1:5000/shop/frontend"],
    ["127.0.0.1:5000/shop/frontend@sha256:" + "a".repeat(64), "127.0.0.1:5000/shop/frontend"],
    ["127.0.0.1:5000/shop/frontend:5.2@sha256:" + "a".repeat(64), "127.0.0.1:5000/shop/frontend"],
    ["127.0.0.1:5000/shop/frontend", "127.0.0.1:5000/shop/frontend"],
    ["registry.example/app:1", "registry.example/app"],
  ])("%s → %s", (image, want) => expect(withoutTagOrDigest(image)).toBe(want));
});
