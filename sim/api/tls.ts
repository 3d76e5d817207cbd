import { generate } from "selfsigned";

/** A throwaway CA and a server certificate for 127.0.0.1/localhost, as a real cluster has. */
export async function generateClusterTls(name = "driftwatch-sim"): Promise<{ caCert: string; cert: string; key: string }> {
  const notAfterDate = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const ca = await generate([{ name: "commonName", value: `${name}-ca` }], {
    keyType: "ec", curve: "P-256", algorithm: "sha256", notAfterDate,
    extensions: [{ name: "basicConstraints", cA: true, critical: true }, { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }],
  } as never);
  const server = await generate([{ name: "commonName", value: `${name}-apiserver` }], {
    keyType: "ec", curve: "P-256", algorithm: "sha256", notAfterDate, ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
    ],
  } as never);
  return { caCert: ca.cert, cert: server.cert, key: server.private };
}
