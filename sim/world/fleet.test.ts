import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fleetJsonSchema, loadFleetFile, parseFleet } from "./fleet";

describe("fleet file", () => {
  it("the committed JSON Schema matches the zod schema (regenerate sim/fleet.schema.json when this fails)", () => {
    expect(JSON.parse(readFileSync("sim/fleet.schema.json", "utf8"))).toEqual(fleetJsonSchema());
  });

  it("loads the demo fleet, with its private repository and pull secrets", () => {
    const fleet = loadFleetFile("sim/fleets/demo.yaml");
    expect(fleet.registry.repositories["finance/ledger"]?.private).toBe(true);
    expect(fleet.clusters.find((c) => c.name === "staging")?.pullSecrets).toEqual([{ namespace: "finance", name: "registry-pull", wrongPassword: true }]);
  });

  it("names the path of an invalid entry and an unknown build", () => {
    expect(() => parseFleet({ registry: { builds: {}, repositories: {} }, clusters: [{ name: "Bad_Name", environment: "x", nodes: [{ name: "n" }] }] })).toThrow(/clusters\.0\.name/);
    expect(() => parseFleet({ registry: { builds: {}, repositories: { "a/b": { tags: { "1": "nope" } } } }, clusters: [{ name: "c", environment: "x", nodes: [{ name: "n" }] }] })).toThrow(/unknown build "nope"/);
  });
});
