import { CopyButton } from "@/components/ui/copy-button";

export type Target = { namespace: string; kind: string; name: string };

/** The image without its tag or digest: "reg:5000/shop/cart:1.2" → "reg:5000/shop/cart". */
export function imageRepo(image: string): string {
  const at = image.indexOf("@");
  const base = at >= 0 ? image.slice(0, at) : image;
  const colon = base.lastIndexOf(":");
  return colon > base.lastIndexOf("/") ? base.slice(0, colon) : base;
}

/** The two kubectl lines for a rollback to `release`: a server-side dry run first, then the change. */
export function rollbackCommand(t: Target, container: string, image: string, release: string): string {
  const line = `kubectl -n ${t.namespace} set image ${t.kind.toLowerCase()}/${t.name} ${container}=${imageRepo(image)}@${release}`;
  return `${line} --dry-run=server\n${line}`;
}

export function RollbackCommand(props: { target: Target; container: string; image: string; release: string }) {
  const cmd = rollbackCommand(props.target, props.container, props.image, props.release);
  return (
    <div className="flex w-full items-start gap-2">
      <pre className="min-w-0 flex-1 rounded bg-slate-50 px-2 py-1 font-mono text-[11px] whitespace-pre-wrap wrap-anywhere text-slate-800" data-kubectl>
        {/* One block per command with a hanging indent, so a wrapped line (narrow screens) still reads as one command. */}
        {cmd.split("\n").map((line, i, all) => (
          <span key={i} className="block pl-4 -indent-4">{line}{i < all.length - 1 ? "\n" : ""}</span>
        ))}
      </pre>
      <CopyButton text={cmd} label="Copy kubectl commands" />
    </div>
  );
}
