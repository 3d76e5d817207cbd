/** RFC 4180 CSV, as the exports write it: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let isQuoted = false;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (isQuoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      isQuoted = !isQuoted;
    } else if (!isQuoted && ch === ",") {
      endCell();
    } else if (!isQuoted && ch === "\n") {
      endCell();
      rows.push(row);
      row = [];
    } else if (isQuoted || ch !== "\r") {
      cell += ch;
    }
  }
  if (cell || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}
