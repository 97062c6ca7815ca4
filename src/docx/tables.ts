// HTML tables → Word tables: header rows (thead) repeat on every page, colspan and rowspan become
// merged cells, columns share the text width, header cells bold, alignment kept.
import type { Element, ElementContent } from 'hast';
import { AlignmentType, Paragraph, Table, TableCell, TableRow, WidthType, BorderStyle } from 'docx';
import type { DocxLook } from './styles.js';

/** A cell's content → its paragraphs (blocks.ts): `header` cells bold, aligned as the cell says. */
export type CellBody = (cell: Element, header: boolean, align: AlignmentOf) => Array<Paragraph | Table>;

export type AlignmentOf = (typeof AlignmentType)[keyof typeof AlignmentType] | undefined;

const ALIGN: Record<string, AlignmentOf> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

export function wordTable(table: Element, body: CellBody, look: DocxLook, width: number): Table {
  const rows = tableRows(table);
  const columns = Math.max(1, ...rows.map(({ row }) => cellsOf(row).reduce((n, c) => n + span(c, 'colSpan'), 0)));
  const border = { style: BorderStyle.SINGLE, size: 4, color: look.rule };
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: Array.from({ length: columns }, () => Math.floor(width / columns)),
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: rows.map(
      ({ row, header }) =>
        new TableRow({
          tableHeader: header || undefined,
          cantSplit: true,
          children: cellsOf(row).map((cell) => {
            const isHeader = header || cell.tagName === 'th';
            const children = body(cell, isHeader, ALIGN[String(cell.properties.align ?? '')]);
            return new TableCell({
              columnSpan: span(cell, 'colSpan'),
              rowSpan: span(cell, 'rowSpan'),
              shading: header ? { fill: look.box } : undefined,
              margins: { top: 40, bottom: 40, left: 80, right: 80 },
              children,
            });
          }),
        }),
    ),
  });
}

/** Every row in order; the rows of `<thead>` are header rows. */
function tableRows(table: Element): Array<{ row: Element; header: boolean }> {
  return elements(table.children).flatMap((child) => {
    if (child.tagName === 'tr') return [{ row: child, header: false }];
    if (['thead', 'tbody', 'tfoot'].includes(child.tagName))
      return elements(child.children)
        .filter((r) => r.tagName === 'tr')
        .map((row) => ({ row, header: child.tagName === 'thead' }));
    return [];
  });
}

function cellsOf(row: Element): Element[] {
  return elements(row.children).filter((c) => c.tagName === 'td' || c.tagName === 'th');
}

function span(cell: Element, name: 'colSpan' | 'rowSpan'): number {
  const value = Number(cell.properties[name] ?? 1);
  return Number.isInteger(value) && value > 1 ? Math.min(value, 1000) : 1;
}

function elements(nodes: readonly ElementContent[]): Element[] {
  return nodes.filter((n): n is Element => n.type === 'element');
}
