import { Fragment } from "react";
import type { CSSProperties, HTMLAttributes, KeyboardEvent, ReactNode } from "react";

export type ColumnAlign = "left" | "right" | "center";

export type Column<Row> = {
  /** Unique among the columns; React's key for the header and each cell. */
  key: string;
  header: ReactNode;
  /** Read by screen readers when the visible header is empty (e.g. a column of buttons). */
  srHeader?: string;
  cell: (row: Row, index: number) => ReactNode;
  align?: ColumnAlign;
  /** Extra classes for the header cell (a width such as `w-24`, `whitespace-nowrap`). */
  headerClassName?: string;
  /** Extra classes for every body cell of the column (text colour, truncation, width). */
  className?: string;
  /** Cell attributes that depend on the row (`title`, `data-*`). */
  cellProps?: (row: Row) => HTMLAttributes<HTMLTableCellElement> & DataAttributes;
};

/** `data-*` attributes the end-to-end tests select on. */
export type DataAttributes = { [name: `data-${string}`]: string | number | boolean | null | undefined };

export type RowProps = Omit<HTMLAttributes<HTMLTableRowElement>, "onClick" | "onKeyDown"> & DataAttributes & { style?: CSSProperties };

/** Vertical padding of the cells: log-like lists are compact, lists of things to act on roomier. */
export type TableDensity = "compact" | "normal" | "relaxed";

type DataTableProps<Row> = {
  /** `false`/`null` entries are columns left out (e.g. one that only some states show). */
  columns: readonly (Column<Row> | false | null | undefined)[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  /** Per-row attributes: `data-*` for tests, a class or a style (e.g. a severity edge). */
  rowProps?: (row: Row) => RowProps;
  /** Makes rows focusable and clickable (Enter too). */
  onRowClick?: (row: Row) => void;
  isRowSelected?: (row: Row) => boolean;
  /** A full-width row under the row (e.g. its members when expanded); null shows nothing. */
  expandedRow?: (row: Row) => ReactNode;
  /** Shown in one full-width row when there are no rows; without it an empty table shows only headers. */
  empty?: ReactNode;
  density?: TableDensity;
  /** Cells align to the top (multi-line cells) unless told otherwise (rows of buttons). */
  verticalAlign?: "top" | "middle";
  /** The header stays visible while a scrolling panel scrolls the body. */
  stickyHeader?: boolean;
  /** Wraps the table so wide content scrolls sideways instead of widening the page. */
  scrollX?: boolean;
  testId?: string;
  className?: string;
};

const PADDING_Y: Record<TableDensity, string> = { compact: "py-1.5", normal: "py-2", relaxed: "py-2.5" };
const ALIGN: Record<ColumnAlign, string> = { left: "", right: "text-right", center: "text-center" };

/** Horizontal padding: the outer columns line up with the panel's own padding. */
function edgePadding(index: number, count: number): string {
  if (count === 1) return "px-4";
  if (index === 0) return "pl-4 pr-3";
  if (index === count - 1) return "pl-3 pr-4";
  return "px-3";
}

const join = (...classes: (string | false | null | undefined)[]) => classes.filter(Boolean).join(" ");

/**
 * The one table of the dashboard: uppercase muted headers, thin row dividers, outer columns
 * aligned with the panel. Columns say what they show; rows carry their own `data-*` attributes.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowProps,
  onRowClick,
  isRowSelected,
  expandedRow,
  empty,
  density = "compact",
  verticalAlign = "top",
  stickyHeader = false,
  scrollX = false,
  testId,
  className,
}: DataTableProps<Row>) {
  const shown = columns.filter((column): column is Column<Row> => Boolean(column));
  const paddingY = PADDING_Y[density];
  const valign = verticalAlign === "top" ? "align-top" : "align-middle";
  const table = (
    <table className={join("w-full text-sm", className)} data-testid={testId}>
      <thead className={join("text-left text-xs tracking-wide text-zinc-500 uppercase", stickyHeader && "sticky top-0 bg-zinc-900")}>
        <tr className="border-b border-zinc-800">
          {shown.map((column, index) => (
            <th
              key={column.key}
              scope="col"
              className={join(edgePadding(index, shown.length), paddingY, "align-top font-medium", ALIGN[column.align ?? "left"], column.headerClassName)}
            >
              {column.header}
              {column.srHeader && <span className="sr-only">{column.srHeader}</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-800/60">
        {rows.length === 0 && empty ? (
          <tr>
            <td colSpan={shown.length} className={join("px-4", paddingY, "text-center text-zinc-500")}>
              {empty}
            </td>
          </tr>
        ) : (
          rows.map((row, rowIndex) => {
            const { className: rowClassName, ...rest } = rowProps?.(row) ?? {};
            const selected = isRowSelected?.(row) ?? false;
            const interactive = onRowClick
              ? {
                  onClick: () => onRowClick(row),
                  onKeyDown: (event: KeyboardEvent<HTMLTableRowElement>) => {
                    if (event.key === "Enter") onRowClick(row);
                  },
                  tabIndex: 0,
                  "aria-selected": selected,
                }
              : {};
            const expanded = expandedRow?.(row);
            return (
              <Fragment key={rowKey(row)}>
                <tr
                  {...rest}
                  {...interactive}
                  className={join(
                    onRowClick && "cursor-pointer outline-none focus-visible:bg-zinc-800/50",
                    selected ? "bg-zinc-800/60" : onRowClick && "hover:bg-zinc-800/30",
                    rowClassName,
                  )}
                >
                  {shown.map((column, index) => {
                    const { className: cellClassName, ...cellRest } = column.cellProps?.(row) ?? {};
                    return (
                      <td
                        key={column.key}
                        {...cellRest}
                        className={join(edgePadding(index, shown.length), paddingY, valign, ALIGN[column.align ?? "left"], column.className, cellClassName)}
                      >
                        {column.cell(row, rowIndex)}
                      </td>
                    );
                  })}
                </tr>
                {expanded && (
                  <tr className="bg-zinc-950/40">
                    <td colSpan={shown.length} className="px-10 py-2.5">
                      {expanded}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })
        )}
      </tbody>
    </table>
  );
  return scrollX ? <div className="overflow-x-auto">{table}</div> : table;
}
