// What a screen reader reads from server-rendered markup (renderToStaticMarkup), for unit tests
// of accessible text without a browser: a small parser for React's well-formed output, with
// aria-hidden subtrees dropped and entities decoded.
export type El = { tag: string; attrs: Record<string, string>; children: (El | string)[] };

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'", nbsp: " " };
const decode = (s: string) => s.replace(/&(#x27|#39|amp|lt|gt|quot|nbsp);/g, (_m, e: string) => ENTITIES[e]!);

export function parseMarkup(html: string): El {
  const root: El = { tag: "#root", attrs: {}, children: [] };
  const stack = [root];
  const re = /<\/([a-zA-Z][\w-]*)>|<([a-zA-Z][\w-]*)((?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const top = stack.at(-1)!;
    if (m[1]) {
      if (top.tag !== m[1]) throw new Error(`</${m[1]}> closes <${top.tag}>`);
      stack.pop();
    } else if (m[2]) {
      const attrs = Object.fromEntries([...m[3]!.matchAll(/([^\s=/>]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!, decode(a[2] ?? "")]));
      const el: El = { tag: m[2], attrs, children: [] };
      top.children.push(el);
      if (!m[4] && !VOID.has(m[2])) stack.push(el);
    } else if (m[5]) top.children.push(decode(m[5]));
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)!.tag}>`);
  return root;
}

/** The text read aloud: everything but aria-hidden subtrees, whitespace collapsed. */
export function spokenText(el: El): string {
  const walk = (n: El | string): string => (typeof n === "string" ? n : n.attrs["aria-hidden"] === "true" ? "" : n.children.map(walk).join(""));
  return walk(el).replace(/\s+/g, " ").trim();
}

/** Every element (document order) that has the attribute. */
export function findByAttr(el: El, attr: string): El[] {
  const out: El[] = [];
  const walk = (n: El) => {
    if (attr in n.attrs) out.push(n);
    for (const c of n.children) if (typeof c !== "string") walk(c);
  };
  walk(el);
  return out;
}
