import { SeverityIcon } from "@/components/ui/severity-icon";

export function ErrorState({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-900">
      <p className="flex items-center gap-1.5 font-semibold"><SeverityIcon severity="critical" />{title}</p>
      <p className="mt-1 font-mono text-xs break-all">{message}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry} className="mt-2 rounded border border-rose-300 bg-white px-2 py-1 text-xs font-medium hover:bg-rose-100">
          Retry
        </button>
      ) : null}
    </div>
  );
}
