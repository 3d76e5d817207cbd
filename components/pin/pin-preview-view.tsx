import { Badge } from "@/components/ui/badge";
import type { PinIssueDto, PinPreviewDto } from "@/lib/schemas/pin";

// What a pin would do, from the server's preview: the dry-run diff (only image fields and
// annotations), the node platforms the target covers, who else manages the workload (and the
// same change as a Git patch), and every warning and refusal in words.

export function Issues({ items, tone, label }: { items: PinIssueDto[]; tone: "warning" | "critical"; label: string }) {
  if (!items.length) return null;
  const cls = tone === "critical" ? "border-rose-200 bg-rose-50 text-rose-900" : "border-amber-200 bg-amber-50 text-amber-950";
  return (
    <ul aria-label={label} className={`space-y-1 rounded border px-3 py-2 text-sm ${cls}`}>
      {items.map((i, n) => (
        <li key={n} data-issue={i.code} className="flex flex-wrap gap-2">
          <Badge tone={tone}>{i.code}</Badge>
          <span className="min-w-0 flex-1 break-words">{i.message}</span>
        </li>
      ))}
    </ul>
  );
}

export function PinPreviewView({ preview }: { preview: PinPreviewDto }) {
  return (
    <div className="space-y-3 text-sm" data-pin-preview>
      <div>
        <h3 className="font-semibold">Change (server-side dry-run)</h3>
        <p className="text-xs text-slate-600">
          {preview.kind} {preview.namespace}/{preview.name} in {preview.cluster} · resourceVersion <code>{preview.resourceVersion}</code>
        </p>
        {preview.dryRun.ok ? null : <p className="text-rose-700">dry-run: {preview.dryRun.code}: {preview.dryRun.message}</p>}
        <div className="mt-1 overflow-x-auto">
          <table className="min-w-full text-xs" aria-label="Field diff">
            <thead className="text-left text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-2">field</th>
                <th scope="col" className="py-1 pr-2">now</th>
                <th scope="col" className="py-1">after</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 font-mono">
              {preview.diff.map((d) => (
                <tr key={d.path} data-diff-path={d.path} className="align-top">
                  <td className="py-1 pr-2 break-all">{d.path}</td>
                  <td className="py-1 pr-2 break-all text-rose-800">{d.from ?? "—"}</td>
                  <td className="py-1 break-all text-emerald-800">{d.to ?? "(removed)"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {preview.coverage.length ? (
        <div>
          <h3 className="font-semibold">Nodes and architectures</h3>
          <ul aria-label="Platforms covered" className="mt-1 space-y-0.5">
            {preview.coverage.map((c) => (
              <li key={c.platform} data-platform={c.platform} className="flex flex-wrap items-center gap-2">
                <Badge tone={c.isCovered ? "ok" : "critical"}>{c.isCovered ? "covered" : "missing"}</Badge>
                <span className="font-mono text-xs">{c.platform}</span>
                <span className="text-xs text-slate-600">{c.nodes.join(", ")}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Managers preview={preview} />
      <Issues items={preview.warnings} tone="warning" label="Warnings" />
    </div>
  );
}

function Managers({ preview }: { preview: PinPreviewDto }) {
  if (!preview.managers.length) return <p className="text-xs text-slate-600">No GitOps controller or Helm release manages this workload.</p>;
  return (
    <div data-managers>
      <h3 className="font-semibold">Who else manages it</h3>
      <ul className="mt-1 space-y-1">
        {preview.managers.map((m) => (
          <li key={m.tool} data-manager={m.tool}>
            <Badge tone={m.revertsLivePatch ? "warning" : "info"}>{m.tool}{m.confidence === "weak" ? " (hint)" : ""}</Badge> <span>{m.whoReverts}</span>
            <span className="block text-xs text-slate-500">{m.evidence.join("; ")}</span>
          </li>
        ))}
      </ul>
      {preview.gitPatch ? (
        <details className="mt-2" open>
          <summary className="cursor-pointer text-xs font-medium">The same change in Git</summary>
          <div className="mt-1 grid gap-2 sm:grid-cols-2">
            <Snippet title="kustomization.yaml" text={preview.gitPatch.kustomize} />
            <Snippet title="Helm values" text={preview.gitPatch.helm} />
          </div>
        </details>
      ) : null}
    </div>
  );
}

function Snippet({ title, text }: { title: string; text: string }) {
  const href = `data:text/yaml;charset=utf-8,${encodeURIComponent(text)}`;
  return (
    <figure className="rounded border border-slate-200 bg-slate-50">
      <figcaption className="flex items-center justify-between border-b border-slate-200 px-2 py-1 text-xs">
        <span>{title}</span>
        <span className="flex gap-2">
          <button type="button" className="text-sky-700 hover:underline" onClick={() => void navigator.clipboard?.writeText(text)}>copy</button>
          <a className="text-sky-700 hover:underline" href={href} download={title.includes("Helm") ? "values-pin.yaml" : "kustomization-pin.yaml"}>download</a>
        </span>
      </figcaption>
      <pre className="overflow-x-auto p-2 font-mono text-xs" data-git-patch={title}>{text}</pre>
    </figure>
  );
}
