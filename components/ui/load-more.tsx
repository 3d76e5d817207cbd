/** "Next page" for a keyset-paged list: shown only while there is more, disabled while loading. */
export function LoadMore({ page, label }: { page: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }; label: string }) {
  if (!page.hasNextPage) return null;
  return (
    <button type="button" onClick={() => page.fetchNextPage()} disabled={page.isFetchingNextPage} className="mt-3 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">
      {page.isFetchingNextPage ? "Loading…" : label}
    </button>
  );
}
