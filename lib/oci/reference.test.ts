import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { familiarName, formatReference, parseImageId, parseReference } from "./reference";

const D = `sha256:${"ab".repeat(32)}`;

describe("parseReference", () => {
  it.each([
    ["nginx", { registry: "docker.io", repository: "library/nginx" }],
    ["nginx:1.25", { registry: "docker.io", repository: "library/nginx", tag: "1.25" }],
    ["bitnami/redis:7", { registry: "docker.io", repository: "bitnami/redis", tag: "7" }],
    ["index.docker.io/library/nginx:latest", { registry: "docker.io", repository: "library/nginx", tag: "latest" }],
    ["registry-1.docker.io/nginx", { registry: "docker.io", repository: "library/nginx" }],
    ["ghcr.io/org/team/app:v1.2.3", { registry: "ghcr.io", repository: "org/team/app", tag: "v1.2.3" }],
    ["localhost/app", { registry: "localhost", repository: "app" }],
    ["localhost:5000/app:dev", { registry: "localhost:5000", repository: "app", tag: "dev" }],
    ["127.0.0.1:5000/shop/checkout:2.4.1", { registry: "127.0.0.1:5000", repository: "shop/checkout", tag: "2.4.1" }],
    [`nginx@${D}`, { registry: "docker.io", repository: "library/nginx", digest: D }],
    [`ghcr.io/org/app:1.0@${D}`, { registry: "ghcr.io", repository: "org/app", tag: "1.0", digest: D }],
    ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:prod", { registry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com", repository: "api", tag: "prod" }],
    ["Registry.Example.COM/app", { registry: "registry.example.com", repository: "app" }],
    ["my_org/my__app-x.y", { registry: "docker.io", repository: "my_org/my__app-x.y" }],
    ["docker.io/nginx:1", { registry: "docker.io", repository: "library/nginx", tag: "1" }],
    ["index.docker.io/bitnami/redis", { registry: "docker.io", repository: "bitnami/redis" }],
    [`localhost:5000/app@${D}`, { registry: "localhost:5000", repository: "app", digest: D }],
    ["10.0.0.7/team/app:x", { registry: "10.0.0.7", repository: "team/app", tag: "x" }],
    ["[::1]:5000/app:1", { registry: "[::1]:5000", repository: "app", tag: "1" }],
  ])("%s", (input, expected) => {
    expect(parseReference(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", /empty/],
    ["Nginx", /lowercase/],
    ["ghcr.io/Org/app", /lowercase/],
    ["nginx:", /invalid tag/],
    ["nginx:-bad", /invalid tag/],
    [`nginx:${"a".repeat(129)}`, /invalid tag/],
    ["nginx@sha256:abc", /invalid digest/],
    [`nginx@sha512:${"a".repeat(128)}`, /unsupported digest/],
    ["nginx app", /whitespace/],
    ["ghcr.io/", /no repository path|empty path/],
    ["app//x", /empty path component/],
    ["-app", /invalid repository path component/],
    ["bad_host.example.com/app", /invalid registry host/],
    ["localhost:99999999/app", /invalid registry host/],
    [`nginx@${D.toUpperCase().replace("SHA256", "sha256")}`, /invalid digest/],
    ["app:1:2", /invalid|lowercase/],
    ["ghcr.io/org/app:", /invalid tag/],
    ["ghcr.io/org/app@", /invalid digest/],
    ["a..b", /invalid repository path component/],
  ])("rejects %j", (input, reason) => {
    const r = parseReference(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("INVALID_REFERENCE");
      expect(r.error.message).toMatch(reason);
    }
  });

  const component = fc.stringMatching(/^[a-z0-9]{1,8}([._-][a-z0-9]{1,8})?$/);
  const host = fc.oneof(fc.constant("ghcr.io"), fc.constant("localhost:5000"), fc.constant("registry.example.com:443"), fc.constant("127.0.0.1:5000"));
  const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/);
  const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`);

  it("round-trips parse → format → parse", () => {
    fc.assert(
      fc.property(host, fc.array(component, { minLength: 1, maxLength: 3 }), fc.option(tag), fc.option(digest), (h, path, t, d) => {
        const text = `${h}/${path.join("/")}${t !== null ? `:${t}` : ""}${d !== null ? `@${d}` : ""}`;
        const first = parseReference(text);
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        expect(formatReference(first.value)).toBe(text);
        expect(parseReference(formatReference(first.value))).toEqual(first);
        expect(parseReference(familiarName(first.value))).toEqual(first);
      }),
    );
  });

  it("rejects any reference with an uppercase repository path", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,5}[A-Z][a-z]{0,5}$/), (name) => {
        expect(parseReference(`ghcr.io/org/${name}:1`).ok).toBe(false);
      }),
    );
  });

  it("rejects any name containing a character outside the grammar", () => {
    fc.assert(
      fc.property(component, fc.constantFrom("!", "$", "%", "+", "=", ",", "~", "?", "#", "*"), component, (a, bad, b) => {
        const r = parseReference(`ghcr.io/${a}${bad}${b}:1`);
        expect(r.ok).toBe(false);
      }),
    );
  });

  it("never throws, whatever the input", () => {
    fc.assert(fc.property(fc.string(), (s) => void parseReference(s)));
  });
});

describe("parseImageId", () => {
  it.each([
    [`docker-pullable://nginx@${D}`, { digest: D, repository: "nginx", isUnverifiable: false }],
    [`docker.io/library/nginx@${D}`, { digest: D, repository: "docker.io/library/nginx", isUnverifiable: false }],
    [`127.0.0.1:5000/shop/app@${D}`, { digest: D, repository: "127.0.0.1:5000/shop/app", isUnverifiable: false }],
    [`docker-pullable://docker.io/library/nginx@${D}`, { digest: D, repository: "docker.io/library/nginx", isUnverifiable: false }],
    [`docker://${D}`, { digest: null, isUnverifiable: true }],
    [D, { digest: null, isUnverifiable: true }],
    ["", { digest: null, isUnverifiable: false }],
  ])("%s", (input, expected) => {
    expect(parseImageId(input)).toEqual(expected);
  });
});
